"""One submission at a time: training in a second child beside the first, and children
started ahead of the plan, change no grade; a child started otherwise than the grader would
start it is never used."""

import json
from pathlib import Path

import pytest

from autograder.pipeline import Grader
from autograder.run.child import Child
from autograder.run.sandbox import NONE, choose
from tests.conftest import REFERENCE_RESULTS, ROOT, SEED, SUBMISSIONS, trusted_grader

HOSTILE = ROOT / "tests" / "hostile"
DEMO = ROOT / "autograder" / "demo" / "backprop_demo.py"


def outcome(report):
    return ([(c.title, c.score, c.message, c.hint) for c in report.checks], report.score,
            [p.splitlines()[0] for p in report.problems])


@pytest.fixture(scope="module")
def side_by_side(suite, reference):
    return trusted_grader(suite, reference, SEED, side_by_side=True)


def test_the_calls_are_split_between_two_children(side_by_side):
    assert set(side_by_side.groups) == {0, 1}
    trained = [c for c, g in zip(side_by_side.calls, side_by_side.groups) if g == 1]
    assert trained and all(c.function == "sgd_nn" for c in trained)


@pytest.mark.parametrize("path, results", [
    (DEMO, DEMO.with_name("results.txt")),
    (SUBMISSIONS / "seed_ignored.py", REFERENCE_RESULTS),
    (SUBMISSIONS / "raises_in_one_cell.ipynb", REFERENCE_RESULTS),
    (HOSTILE / "os_exit_in_function.py", REFERENCE_RESULTS),
])
def test_side_by_side_grades_as_one_child_does(grader, side_by_side, path: Path, results):
    assert outcome(side_by_side.grade(path, results)) == outcome(grader.grade(path, results))


def warm(grader, sandbox=None):
    return [Child.waiting(grader.limits, sandbox or grader.sandbox) for _ in range(2)]


@pytest.mark.parametrize("path", [
    SUBMISSIONS / "correct_loops.py",
    SUBMISSIONS / "raises_in_one_cell.ipynb",
    HOSTILE / "os_exit_in_function.py",
])
def test_warm_children_grade_as_cold_ones_do(grader, side_by_side, path):
    children = warm(side_by_side)
    report = side_by_side.grade(path, REFERENCE_RESULTS, children)
    assert outcome(report) == outcome(grader.grade(path, REFERENCE_RESULTS))
    assert all(child.process.poll() is not None for child in children)


@pytest.fixture(scope="module")
def sandboxed(suite, reference):
    return Grader(suite, reference, SEED, side_by_side=True)


@pytest.mark.needs("bubblewrap")
def test_a_child_that_could_see_the_solutions_is_never_used(sandboxed):
    """Started without the grader's sandbox, it is stopped, and a child of the grader's
    own runs the submission: the reference stays out of reach."""
    assert sandboxed.sandbox.hide
    children = warm(sandboxed, NONE)
    report = sandboxed.grade(HOSTILE / "open_reference.py", REFERENCE_RESULTS, children)
    (line,) = [line for line in report.stdout.splitlines() if line.startswith("ATTEMPTS ")]
    attempts = json.loads(line.removeprefix("ATTEMPTS "))
    assert "read" not in attempts.values()
    assert report.score == 10  # results.txt only
    assert all(child.process.poll() is not None for child in children)


@pytest.mark.needs("bubblewrap")
def test_the_command_line_starts_them_as_the_grader_does(sandboxed, tmp_path):
    from autograder.cli import SPARE_CORES, warm_children
    from autograder.run.child import Limits

    children = warm_children(Limits(), choose(), ROOT)
    try:
        assert len(children) == (2 if SPARE_CORES else 0)
        assert all(child.sandbox == sandboxed.sandbox for child in children)
    finally:
        for child in children:
            child.discard()
