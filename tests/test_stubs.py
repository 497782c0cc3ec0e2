"""Points only for real work, as a contract every assignment keeps, present and future.

Stubs generated from each released student notebook (tests/stubs/generate.py: every
skeleton returns 0, None, its first argument, a copy of it, zeros of its shape or random
numbers of the right shape) score exactly 0 on every question, graded with hidden checks.
Crafted stubs in tests/stubs/, one per known cheat, score their honest score.
"""

from pathlib import Path

import pytest

from autograder.reference import answers_of
from autograder.suites import assignments, get_suite
from tests.conftest import trusted_grader
from tests.stubs.generate import STRATEGIES, call_key, layout, skeletons, stub_source

ROOT = Path(__file__).resolve().parents[1]
STUBS = ROOT / "tests" / "stubs"
SEEDS = {"backprop": 20240917, "perceptron": 20261123, "training": 20261123}


def reference_of(assignment):
    return ROOT / "solutions" / assignment / f"{assignment}.ipynb"


@pytest.fixture(scope="module")
def graders():
    """One Grader (one draw, one run of the reference) per assignment, made when needed."""
    made = {}

    def grader(assignment):
        if assignment not in made:
            made[assignment] = trusted_grader(get_suite(assignment),
                                              reference=reference_of(assignment),
                                              seed=SEEDS.get(assignment, 1))
        return made[assignment]

    return grader


def layouts_for(grader, assignment):
    """The layout of the reference's answer to each of the grader's calls, by call."""
    answers = answers_of(reference_of(assignment), grader.calls)
    by_call, first = {}, {}
    for call, reply in zip(grader.calls, answers):
        if reply.ok:
            by_call[call_key(call)] = layout(reply.value)
            first.setdefault(call.function, layout(reply.value))
    return by_call, first


def test_every_graded_function_is_a_skeleton_of_its_released_notebook():
    for assignment in assignments():
        notebook = ROOT / "assignments" / assignment / f"{assignment}.ipynb"
        functions = {f.name for f in skeletons(notebook)}
        graded = {q.name for q in get_suite(assignment).questions} - {"results.txt"}
        assert graded <= functions, assignment


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("assignment", assignments())
def test_a_generated_stub_scores_zero_on_every_question(graders, tmp_path, assignment,
                                                        strategy):
    grader = graders(assignment)
    functions = skeletons(ROOT / "assignments" / assignment / f"{assignment}.ipynb")
    layouts = layouts_for(grader, assignment) if strategy.startswith("random") else ({}, {})
    path = tmp_path / f"{assignment}.py"  # no results.txt beside it
    path.write_text(stub_source(functions, strategy, *layouts))
    report = grader.grade(path)
    assert report.loaded and report.hidden_checks
    assert [p for p in report.problems if "raised" in p] == []  # the stub ran
    paid = {c.title: c.score for c in report.checks if c.score}
    assert paid == {}


def test_memorised_networks_earn_only_results_txt(graders):
    """sgd_nn recognises XOR, XNOR and Iris and returns networks trained offline; it
    mutates nothing and encodes its visiting order; initialize_weights counts its calls.
    Graded with the reference's results.txt, whose 10 points are honestly earned."""
    report = graders("backprop").grade(STUBS / "backprop_memorised.py",
                                       results=ROOT / "solutions" / "backprop" / "results.txt")
    paid = {c.title: c.score for c in report.checks if c.score}
    assert paid == {"results.txt: stated accuracy re-measured": 4,
                    "results.txt: test accuracy of at least 0.9": 6}
    checks = {c.title: c for c in report.checks}
    for title in ("batch_update_nn: network not mutated", "sgd_nn: theta0 not mutated",
                  "sgd_nn: shuffle follows seed",
                  "initialize_weights: one initialize_fn call per value"):
        assert checks[title].message.startswith(
            "holds, but earns its points only with correct values: "), title
    assert checks["sgd_nn: learns Iris"].message.startswith("trained 3 times on Iris")


def test_a_one_epoch_history_that_claims_convergence_earns_nothing(graders):
    report = graders("perceptron").grade(STUBS / "perceptron_one_epoch.py")
    assert {c.title: c.score for c in report.checks if c.score} == {}
    checks = {c.title: c for c in report.checks}
    history = checks["train_perceptron: history: one entry per epoch, up to the first "
                     "without a change"]
    assert "does not follow the perceptron rule from zero" in history.message
    assert checks["perceptron_update: w not mutated"].message.startswith(
        'holds, but earns its points only with correct values: "the delta rule\'s three '
        'cases", "a unit with a = 0 fires" and "hidden case: random updates" failed')
