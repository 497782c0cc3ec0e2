"""Training in a second child beside the first (one submission at a time) changes no grade."""

from pathlib import Path

import pytest

from autograder.pipeline import Grader
from tests.conftest import REFERENCE_RESULTS, ROOT, SEED, SUBMISSIONS

HOSTILE = ROOT / "tests" / "hostile"
DEMO = ROOT / "autograder" / "demo" / "backprop_demo.py"


def outcome(report):
    return ([(c.title, c.score, c.message, c.hint) for c in report.checks], report.score,
            [p.splitlines()[0] for p in report.problems])


@pytest.fixture(scope="module")
def side_by_side(suite, reference):
    return Grader(suite, reference, SEED, side_by_side=True)


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
