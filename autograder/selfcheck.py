"""Self-checks inside the notebook: the checks of one function, run in the kernel.

On a student's machine `check(sigmoid)` runs the function's public checks, prints
PASS/FAIL lines and raises when one fails, so that nbgrader scores the cell 0; a skeleton
that still raises NotImplementedError re-raises it, which is what the student should read
first.

Where the reference is at hand, the same cell grades: under `nbgrader autograde` (which
sets NBGRADER_EXECUTION=autograde) with the course's source/<a>/<a>.ipynb or
solutions/<a>/<a>.ipynb found up from the kernel's folder, or wherever AUTOGRADER_COURSE
names the course directory. Then every check runs, hidden cases included (the reference
answers them in a child process of its own, as in `autograder grade`), failures get the
catalog's hints, and `check` returns the points earned instead of raising: nbgrader
records a number a grade cell shows as partial credit. A student's kernel is never in
that mode, even inside this repository, unless the variable is set.

Trust: the kernel runs the student's code and these checks side by side, so a hostile
submission can read the reference or fake its own points under nbgrader. Only
`autograder grade` (or `batch`) keeps student code in a sandboxed child; use it where a
grade must stand against a cheat, and nbgrader where the students are trusted.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from autograder.checks import Converges, Evidence
from autograder.diagnosis import Mistake, diagnose, load_catalog
from autograder.load import load
from autograder.pipeline import DEFAULT_LIMITS, read_results
from autograder.points import award
from autograder.report.text import points
from autograder.run import harness
from autograder.run.child import Child
from autograder.run.protocol import Call, Reply
from autograder.suites import get_suite

COURSE_VARIABLE = "AUTOGRADER_COURSE"
LAYOUTS = ("source", "solutions")  # nbgrader's folder of sources, and this repository's


def find_reference(assignment: str, here: Path | None = None) -> Path | None:
    """The reference notebook if this kernel grades rather than self-checks, else None."""
    course = os.environ.get(COURSE_VARIABLE)
    if course:
        folders = [Path(course)]
    elif os.environ.get("NBGRADER_EXECUTION") == "autograde":
        here = (here or Path.cwd()).resolve()
        folders = [here, *here.parents]
    else:
        return None
    for folder in folders:
        for layout in LAYOUTS:
            candidate = folder / layout / assignment / f"{assignment}.ipynb"
            if candidate.is_file():
                return candidate
    if course:
        raise FileNotFoundError(f"{COURSE_VARIABLE}={course} holds no "
                                f"source/ or solutions/{assignment}/{assignment}.ipynb")
    return None


def start_reference(reference: Path, calls: list[Call]) -> Child:
    """The reference answering hidden calls in a child, as the grader runs it: collect() waits.
    It is the course's own code, so it needs no sandbox."""
    return Child(load(reference).cells, calls, DEFAULT_LIMITS)


def check(target: Callable | str, assignment: str = "backprop") -> float | None:
    """Run the checks of a function (or of "results.txt") and print what they find.

    Returns the points earned when grading (see the module's docstring), else None."""
    # A warning from the student's code (or from judging it) must not reach the cell's
    # stderr: nbgrader scores a grade cell with any stderr 0.
    with contextlib.redirect_stderr(sys.stdout):
        reference = find_reference(assignment)
        if reference is None and os.environ.get("NBGRADER_EXECUTION") == "autograde":
            print(f"no source/{assignment}/{assignment}.ipynb above this folder and no "
                  f"{COURSE_VARIABLE}: public checks only, all or nothing")
        return _check(target, assignment, reference)


def _check(target: Callable | str, assignment: str, reference: Path | None) -> float | None:
    suite = get_suite(assignment)
    name = target if isinstance(target, str) else target.__name__
    question = suite.question(name)
    namespace = {} if isinstance(target, str) else target.__globals__
    results_text = read_results(Path(name)) if isinstance(target, str) else None
    grading = reference is not None
    if isinstance(target, str) and results_text is None and not grading:
        raise NotImplementedError(f"{name} has not been written yet: run the exercises above")
    rng = np.random.default_rng()
    checks = [item for item in question.checks if grading or not item.hidden]
    trials = [item.prepare(rng) for item in checks]
    hidden = [call for item, trial in zip(checks, trials) if item.hidden for call in trial.calls]
    # works while we call
    child = start_reference(reference, hidden) if hidden and reference else None
    answers = [[Reply.from_json(harness.make_call(call.to_json(i), namespace))
                for i, call in enumerate(trial.calls)] for trial in trials]
    expected = iter(child.collect().replies if child else ())
    catalog: list[Mistake] | None = None
    failed, unimplemented, total, score = [], True, 0.0, 0.0
    verdicts = []
    for item, trial, replies in zip(checks, trials, answers):
        wanted = [next(expected) for _ in trial.calls] if item.hidden else None
        verdicts.append(trial.judge(Evidence(replies, wanted, results_text)))
    for item, trial, replies, verdict, won in zip(checks, trials, answers, verdicts,
                                                  award(checks, verdicts)):
        total += item.points
        score += won.points
        earned = f" ({points(won.points)}/{points(item.points)})"
        print(f"{'PASS' if verdict.passed else 'FAIL'} {item.name}{earned if grading else ''}")
        if verdict.passed:
            if grading and won.points < item.points:
                print(f"     {won.message}")
            continue
        print(f"     {verdict.message}")
        failed.append(item)
        unimplemented &= any(r.failure and r.failure.type == "NotImplementedError"
                             for r in replies)
        if reference is not None and trial.calls and not isinstance(item, Converges):
            if catalog is None:
                catalog = load_catalog(reference.parent / "mistakes")
            mistake = diagnose(catalog, trial.calls, replies)
            if mistake:
                print(f"     hint: {mistake.hint}")
    if grading:
        print(f"{name}: {points(score)}/{points(total)} points, hidden cases included")
        return score
    if failed and unimplemented:
        raise NotImplementedError(f"{name} is not implemented yet")
    if failed:
        raise AssertionError(f"{len(failed)} public check(s) of {name} fail: "
                             f"{points(score)}/{points(total)} public points")
    print(f"{name}: every public check passes ({points(total)} points; hidden cases are "
          "graded later)")
    return None
