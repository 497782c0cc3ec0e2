"""What a student reads of Gradescope's results.json: the top-level output, the visibility
of run_autograder's stdout, and the time the grading took.

The top-level output opens as it always has (INCOMPLETE when hidden checks did not run,
then the sandbox), then gives the score of each question and the first check to fix with
what it said. execution_time, as run_autograder leaves it, is the whole grading of the
submission, the engine's start and the reference's answers included.
"""

import shutil
import sys
import time

import pytest

from autograder.pipeline import Grader
from autograder.report import gradescope
from autograder.run.sandbox import NONE
from tests.conftest import REFERENCE, REFERENCE_RESULTS, SEED, SUBMISSIONS
from tests.test_gradescope import (  # noqa: F401
    DEMO,
    VISIBILITY,
    autograder_root,
    bundle,
    run_autograder,
)


def test_stdout_is_visible_to_students(graded):
    results = gradescope.as_dict(graded("correct_loops.py"))
    assert results["stdout_visibility"] == "visible"
    assert results["stdout_visibility"] in VISIBILITY


BACKPROP_POINTS = {"sigmoid": 5, "initialize_weights": 8, "feedforward_": 10, "feedforward": 5,
                   "calculate_deltas": 20, "batch_update_nn": 15, "sgd_nn": 22,
                   "multi_accuracy": 5, "results.txt": 10}


def test_a_full_score_lists_every_question_and_no_problem(graded):
    output = gradescope.as_dict(graded("correct_loops.py"))["output"].splitlines()
    assert output[0] == "sandbox: none"
    assert output[2] == "score: 100/100"
    assert output[3:] == [f"  {name}: {n}/{n}" for name, n in BACKPROP_POINTS.items()]
    assert "first problem" not in "\n".join(output)


def test_a_lost_point_is_named_with_its_message_and_hint(graded):
    report = graded("output_delta_sign.py")
    results = gradescope.as_dict(report)
    output = results["output"]
    lines = output.splitlines()
    assert lines[0] == "sandbox: none"
    assert f"score: {report.score:g}/100" in lines
    deltas = next(q for q in report.questions if q.name == "calculate_deltas")
    assert deltas.score < deltas.max_score
    assert f"  calculate_deltas: {deltas.score:g}/{deltas.max_score:g}" in lines
    assert "  sigmoid: 5/5" in lines
    # the first failing check in the suite's order, with its test's output below it
    first = next(c for c in report.checks if not c.passed)
    test = next(t for t in results["tests"] if t["name"] == first.title)
    assert first.question == "calculate_deltas"
    start = lines.index(f"first problem: {first.title}")
    assert "\n".join(lines[start + 1:]) == test["output"]
    assert first.message.splitlines()[0] == lines[start + 1]
    assert "hint: " in test["output"]


def test_an_incomplete_grading_still_opens_with_incomplete(suite):
    report = Grader(suite, reference=REFERENCE, seed=SEED, sandbox=NONE).grade(
        SUBMISSIONS / "output_delta_sign.py", results=REFERENCE_RESULTS)
    lines = gradescope.as_dict(report)["output"].splitlines()
    assert lines[0].startswith("INCOMPLETE: 39 of 100 points not graded")
    assert lines[1] == "sandbox: none"
    assert "score: " + f"{report.score:g}/100" in lines
    assert "  sigmoid: 3/5 (2 points not graded)" in lines
    # the first problem is one the student can fix, not a check that did not run
    problem = next(line for line in lines if line.startswith("first problem: "))
    assert problem == "first problem: calculate_deltas: worked example (Mazur)"
    assert "NOT RUN" not in lines[lines.index(problem) + 1]


def test_an_unreadable_file_says_only_why(grader, tmp_path):
    broken = tmp_path / "backprop.ipynb"
    broken.write_text("{ not json")
    report = grader.grade(broken)
    output = gradescope.as_dict(report)["output"]
    assert output.splitlines() == ["sandbox: none", report.problems[0]]


SLOW_START = 1.5  # seconds the engine's Python waits before it starts


def test_execution_time_is_the_whole_grading(autograder_root, tmp_path):  # noqa: F811
    """The engine started late (a Python that sleeps first) is still inside the time
    Gradescope is given, which is no more than run_autograder took."""
    for name in ("backprop_demo.py", "results.txt"):
        shutil.copy(DEMO / name, autograder_root / "submission" / name)
    python = tmp_path / "slow-python"
    python.write_text(f"#!/bin/sh\nsleep {SLOW_START}\nexec {sys.executable} \"$@\"\n")
    python.chmod(0o755)
    started = time.monotonic()
    results = run_autograder(autograder_root, python=str(python))
    took = time.monotonic() - started
    assert results["tests"] and 0 < results["score"]
    assert SLOW_START <= results["execution_time"] <= took + 0.001
    assert results["stdout_visibility"] == "visible"


@pytest.mark.parametrize("files", [{}, {"a.ipynb": "{}", "b.ipynb": "{}"}])
def test_nothing_graded_still_says_stdout_is_visible(autograder_root, files):  # noqa: F811
    for name, text in files.items():
        (autograder_root / "submission" / name).write_text(text)
    results = run_autograder(autograder_root)
    assert results["stdout_visibility"] == "visible"
    assert results["execution_time"] >= 0
