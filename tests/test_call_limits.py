"""Each call's time limit follows the reference's own time for it.

With the reference at hand, a call may take `call_factor` times what the reference took
for it, at least `call_floor_seconds`, at most `call_seconds` (--call-timeout); without
one (`autograder check` on a student's machine), `call_seconds`. A hang then costs about
the floor instead of the ceiling, and the reference times a call that is not a hidden one
only when a submission's call has run past the floor.
"""

from __future__ import annotations

from autograder.run.child import Limits
from tests.conftest import REFERENCE, REFERENCE_RESULTS, SEED, SUBMISSIONS, trusted_grader

HANGS = "def sigmoid(x):\n    while True:\n        pass\n"
# Correct, but its training on Iris (4 inputs, 30 epochs) never ends.
HANGS_ON_IRIS = (SUBMISSIONS / "correct_loops.py").read_text() + '''

_trains = sgd_nn


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    if len(x[0]) == 4 and n_epochs == 30:
        while True:
            pass
    return _trains(x, y, theta0, eta, n_epochs, shuffle, seed)
'''


def stops(report) -> list[str]:
    return [p for p in report.problems if p.startswith("the submission's process was stopped")]


def test_the_limit_of_a_call_is_the_reference_times_a_factor_within_floor_and_ceiling():
    limits = Limits(call_seconds=15, call_floor_seconds=2, call_factor=30)
    assert limits.for_call(None) == 15  # no reference to time
    assert limits.for_call(0.0001) == 2
    assert limits.for_call(0.1) == 3
    assert limits.for_call(0.101) == 3.1  # rounded up to a tenth
    assert limits.for_call(1.0) == 15


def test_with_the_reference_a_hang_costs_the_floor_not_the_call_timeout(suite, tmp_path):
    path = tmp_path / "hangs.py"
    path.write_text(HANGS)
    grader = trusted_grader(suite, reference=REFERENCE, seed=SEED,
                            limits=Limits(wall_seconds=60, call_seconds=8))
    report = grader.grade(path)
    assert stops(report) == ["the submission's process was stopped during a call of sigmoid: "
                             "it ran past the time limit of 2 s per call (2 times)"]


def test_without_the_reference_a_call_has_the_fixed_limit(suite, tmp_path):
    path = tmp_path / "hangs.py"
    path.write_text(HANGS)
    report = trusted_grader(suite, limits=Limits(wall_seconds=60, call_seconds=3)).grade(path)
    assert stops(report) == ["the submission's process was stopped during a call of sigmoid: "
                             "it ran past the time limit of 3 s per call (2 times)"]


def test_a_training_run_past_the_floor_gets_the_reference_time_for_it(suite, tmp_path):
    """The reference trains on Iris only once the submission's run passes the floor; that
    run's limit is then the reference's time for it times the factor."""
    path = tmp_path / "hangs_on_iris.py"
    path.write_text(HANGS_ON_IRIS)
    grader = trusted_grader(suite, reference=REFERENCE, seed=SEED,
                            limits=Limits(wall_seconds=60, call_seconds=10, call_floor_seconds=1))
    iris = [i for i, call in enumerate(grader.calls) if call.function == "sgd_nn"
            and call.kwargs.get("n_epochs") == 30 and len(call.args[0][0]) == 4]
    assert iris and not set(iris) & set(grader.timing.seconds)
    report = grader.grade(path, results=REFERENCE_RESULTS)
    # The first two runs hang (the third is not made): each was timed, on its own.
    assert set(iris[:2]) <= set(grader.timing.seconds)
    limits = [grader.limits.for_call(grader.timing.seconds[i]) for i in iris[:2]]
    said = [f"during a call of sgd_nn: it ran past the time limit of {limit:g} s per call"
            for limit in limits]
    (stop,) = stops(report)
    assert stop == "the submission's process was stopped " + (
        f"{said[0]} (2 times)" if said[0] == said[1] else "; ".join(said))
    assert all(1 <= limit <= 10 for limit in limits)
    failed = {c.title: c.message for c in report.checks if not c.passed}
    # only Iris failed on its own; sgd_nn's conditions pay only beside all its values
    conditions = {"sgd_nn: shuffle follows seed", "sgd_nn: theta0 not mutated"}
    assert set(failed) == {"sgd_nn: learns Iris", *conditions}
    assert all(failed[title] == 'holds, but earns its points only with correct values: '
               '"learns Iris" failed' for title in conditions), failed


def test_a_correct_submission_costs_no_second_run_of_the_reference(suite):
    """Every call of a correct submission ends well within the floor: the reference times
    none beyond the hidden calls it answered anyway."""
    grader = trusted_grader(suite, reference=REFERENCE, seed=SEED)
    hidden = set(grader.timing.seconds)
    report = grader.grade(SUBMISSIONS / "correct_loops.py", results=REFERENCE_RESULTS)
    assert (report.score, report.max_score, report.problems) == (100, 100, [])
    assert set(grader.timing.seconds) == hidden
    assert len(hidden) == len(grader.hidden_calls)
