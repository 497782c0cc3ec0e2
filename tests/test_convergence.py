"""Convergence checks never depend on luck: the reference learns every task from every seed.

The reference is trusted, so its code runs here, in the test process.
"""

from pathlib import Path

import numpy as np
import pytest

from autograder import nn
from autograder.checks import Converges
from autograder.load import load
from autograder.suites import get_suite
from tests.conftest import trusted_grader

ROOT = Path(__file__).resolve().parents[1]
SUITE = get_suite("backprop")
TRAININGS = [
    pytest.param(check, task, seed, id=f"{task.name}-seed{seed}")
    for question in SUITE.questions
    for check in question.checks if isinstance(check, Converges)
    for task in check.tasks
    for seed in check.seeds
]


@pytest.fixture(scope="module")
def reference_sgd_nn():
    namespace = {"__name__": "reference"}
    for cell in load(ROOT / SUITE.solution).cells:
        exec(compile(cell.source, f"<reference cell {cell.index}>", "exec"), namespace)
    return namespace["sgd_nn"]


def test_every_task_is_trained():
    names = {param.values[1].name for param in TRAININGS}
    assert names == {"XOR", "XNOR", "Iris"}


@pytest.mark.parametrize("check, task, seed", TRAININGS)
def test_reference_learns_from_every_seed(reference_sgd_nn, check, task, seed):
    theta0 = nn.to_lists(check.start(task, seed))
    network, losses = reference_sgd_nn(task.x_train, task.y_train, theta0, eta=task.eta,
                                       n_epochs=task.epochs, shuffle=True, seed=seed)
    accuracy = nn.accuracy(nn.as_network(network), np.array(task.x_test), np.array(task.y_test))
    assert accuracy >= task.accuracy
    assert len(losses) == task.epochs


# Five draws of the hidden cases and tasks (each Grader runs the reference once more):
# enough to meet both tasks of the XOR family, few enough to stay quick.
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_correct_submission_scores_full_marks_with_any_draw(seed, reference, reference_results):
    grader = trusted_grader(SUITE, reference=reference, seed=seed)
    report = grader.grade(ROOT / "tests/submissions/correct_loops.py", results=reference_results)
    failures = {c.title: c.message for c in report.checks if not c.passed}
    assert failures == {}
    assert report.score == 100
