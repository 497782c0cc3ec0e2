"""Training runs that can no longer change a verdict are not made.

A convergence check passes when enough of its runs learn; once they have, the runs still to
come are skipped, and a child whose remaining calls are all skipped stops. A run that fails
makes every run count, so that a student who loses the points sees all of them.
"""

from autograder.load import Cell
from autograder.run.child import Limits, run
from autograder.run.protocol import Call
from tests.conftest import SUBMISSIONS, trusted_grader

NEVER_LEARNS = (SUBMISSIONS / "correct_loops.py").read_text() + '''

def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    return theta0, [1.0] * n_epochs
'''


def runs(report, task):
    return [run.seed for run in report.training if run.task == task]


def test_a_correct_submission_trains_until_each_check_is_decided(graded):
    report = graded("correct_loops.py")
    assert report.score == report.max_score
    tasks = {run.task for run in report.training}
    assert "Iris" in tasks and len(tasks) == 2
    assert all(runs(report, task) == [1, 2] for task in tasks)  # 2 of 3 must learn


def test_a_submission_that_never_learns_makes_every_run(grade_code):
    report = grade_code(NEVER_LEARNS)
    failed = {c.title: c.message for c in report.checks if not c.passed}
    assert {"sgd_nn: learns an XOR-family function", "sgd_nn: learns Iris"} <= set(failed)
    assert failed["sgd_nn: learns Iris"].startswith("trained 3 times on Iris")
    assert runs(report, "Iris") == [1, 2, 3]


PRINTS_THEN_HANGS = Cell(1, (
    "import time\n"
    "def f(x):\n"
    "    print('call', x)\n"
    "    if x == 2:\n"
    "        time.sleep(30)\n"
    "    return x\n"))


def test_a_call_no_verdict_needs_is_not_made_and_prints_so_far_are_kept():
    calls = [Call("f", (float(x),)) for x in range(3)]
    outcome = run([PRINTS_THEN_HANGS], calls, Limits(call_seconds=5),
                  unneeded=lambda replies: {2} if {0, 1} <= set(replies) else set())
    assert outcome.stopped is None
    assert [r.value for r in outcome.replies[:2]] == [0.0, 1.0]
    assert outcome.replies[2].skipped
    assert outcome.replies[2].problem("f") == "f was not called: its check was already decided"
    assert outcome.stdout.splitlines() == ["call 0.0", "call 1.0"]


def test_pima_training_stops_once_decided_too():
    from autograder.suites import get_suite
    from tests.conftest import ROOT

    reference = ROOT / "solutions" / "training" / "training.ipynb"
    report = trusted_grader(get_suite("training"), reference, seed=1).grade(reference)
    assert report.score == report.max_score
    assert runs(report, "Pima") == [1, 2]
