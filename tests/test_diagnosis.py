"""Diagnosis: each mistake of the catalog is caught on its own question and named by its hint.

A catalog entry (solutions/backprop/mistakes/NAME.py) is a function written with one
mistake. Appended to a correct submission it replaces that function, which makes the
submission a student would hand in with exactly that mistake.
"""

import runpy
from pathlib import Path

import pytest

from autograder.diagnosis import diagnose, load_catalog, same
from autograder.run.protocol import Call, Reply
from tests.conftest import trusted_grader

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "solutions" / "backprop" / "mistakes"
CORRECT = ROOT / "tests" / "submissions" / "correct_loops.py"
MISTAKES = sorted(CATALOG.glob("*.py"))


@pytest.fixture(scope="module")
def graded_mistake(grader, tmp_path_factory, reference_results):
    folder = tmp_path_factory.mktemp("mistakes")
    reports = {}

    def report(path):
        if path.stem not in reports:
            submission = folder / path.name
            submission.write_text(CORRECT.read_text() + "\n\n" + path.read_text())
            reports[path.stem] = grader.grade(submission, results=reference_results)
        return reports[path.stem]

    return report


def test_the_catalog_covers_every_function(suite):
    functions = {mistake.function for mistake in load_catalog(CATALOG)}
    assert len(MISTAKES) >= 30
    assert functions == {q.name for q in suite.questions} - {"results.txt"}


@pytest.mark.parametrize("path", MISTAKES, ids=[p.stem for p in MISTAKES])
def test_mistake_is_caught_on_its_own_question_and_named(graded_mistake, suite, path):
    entry = runpy.run_path(str(path))
    function, hint = entry["FUNCTION"], entry["HINT"]
    report = graded_mistake(path)
    allowed = {function} | {q.name for q in suite.questions if function in q.depends_on}
    lost = {q.name for q in report.questions if q.score < q.max_score}
    assert function in lost
    assert lost <= allowed, {c.title: c.message for c in report.checks if not c.passed}
    hints = {c.hint for c in report.checks if c.question == function and not c.passed}
    assert hint in hints, hints


@pytest.mark.parametrize("name", ["correct_loops.py", "correct_numpy_layers.py",
                                  "correct_vectorized.py"])
def test_correct_submission_gets_no_hint(graded, name):
    assert [c.hint for c in graded(name).checks if c.hint] == []


def test_diagnosis_needs_every_call_to_match():
    def wrong_sign(x):
        return -x[0]

    from autograder.diagnosis import Mistake

    catalog = [Mistake("wrong_sign", "f", "the sign is wrong", wrong_sign)]
    calls = [Call("f", ([1.0],)), Call("f", ([2.0],))]
    assert diagnose(catalog, calls, [Reply(value=-1.0), Reply(value=-2.0)]) == catalog[0]
    assert diagnose(catalog, calls, [Reply(value=-1.0), Reply(value=2.0)]) is None
    assert diagnose(catalog, calls, [Reply(value=-1.0), Reply(lost="time limit")]) is None


def test_same_compares_layout_and_numbers():
    assert same([[1.0, 2.0], [3.0]], [[1.0, 2.0 + 1e-9], [3.0]])
    assert not same([[1.0, 2.0], [3.0]], [[1.0], [2.0, 3.0]])
    assert not same([1.0], [1.1])


@pytest.mark.parametrize("name", ["correct_loops.py", "bias_not_updated.py"])
def test_twenty_gradings_give_the_same_score(name, suite, reference, reference_results):
    """Twenty fresh draws of hidden cases and XOR-family tasks: one score, every time."""
    scores = set()
    for seed in range(20):
        grader = trusted_grader(suite, reference=reference, seed=seed)
        report = grader.grade(ROOT / "tests" / "submissions" / name, results=reference_results)
        scores.add(report.score)
    assert len(scores) == 1, scores
