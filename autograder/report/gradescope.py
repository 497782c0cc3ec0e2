"""The report as Gradescope's results.json: the one JSON format the grader writes.

Top level: score, max_score, execution_time, output, stdout_visibility, tests; each test
has name, score, max_score, status ("passed"/"failed"), output and visibility. A check that
could not run (a hidden check without a sandbox) is listed at 0 of its points, "failed"
(Gradescope knows no other status), its output saying it was not run and why; the output's
first line then says the grading is incomplete.

The top-level output is what a student reads first, above the list of tests: whether the
grading is incomplete, where the code ran, what went wrong around the checks, the score of
each question, and the first check to fix with its message.
"""

from __future__ import annotations

import json
from typing import Any

from autograder.report.model import CheckResult, Report
from autograder.report.text import points

# Gradescope shows students run_autograder's stdout only if this says so ("hidden",
# "after_due_date", "after_published", "visible"). It is "visible": run_autograder prints
# only which file of the submission was graded and why another was not, and the engine's
# own messages (a grading that is incomplete, an engine that failed). The submission's own
# printing is captured by the grader, never echoed there, and neither the reference nor
# a hidden case's expected value is ever printed; so nothing in it is secret, and a student
# whose file was not the one graded can see why.
STDOUT_VISIBILITY = "visible"


def as_dict(report: Report) -> dict[str, Any]:
    notes = {q.name: q.note for q in report.questions if q.note}
    tests = []
    for check in report.checks:
        output = "\n".join(filter(None, [check.message, check.hint and f"hint: {check.hint}"]))
        if not check.ran:
            output = f"NOT RUN: {output}"
        elif not check.passed and check.question in notes:
            output = f"{output}\n{notes[check.question]}" if output else notes[check.question]
        tests.append({
            "name": check.title,
            "score": check.score,
            "max_score": check.max_score,
            "status": "passed" if check.passed else "failed",
            "output": output,
            "visibility": "visible",
        })
    header = f"sandbox: {report.sandbox}" + ("" if report.hidden_checks or not report.complete
                                              else "; public checks only")
    output = "\n".join([*incomplete(report), header, *report.problems, *summary(report, tests)])
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.seconds, 3),
        "output": output,
        "stdout_visibility": STDOUT_VISIBILITY,
        "tests": tests,
    }


def summary(report: Report, tests: list[dict[str, Any]]) -> list[str]:
    """The score, each question's, and the first check that failed with what it said (its
    test's output): nothing for a file that could not be graded, whose reason is above."""
    if not report.loaded:
        return []
    lines = ["", f"score: {points(report.score)}/{points(report.max_score)}"]
    for question in report.questions:
        unknown = sum(check.max_score for check in question.checks if not check.ran)
        lines.append(f"  {question.name}: {points(question.score)}/{points(question.max_score)}"
                     + (f" ({points(unknown)} points not graded)" if unknown else ""))
    first = next(((check, test) for check, test in zip(report.checks, tests)
                  if failed(check)), None)
    if first is not None:
        check, test = first
        lines += ["", f"first problem: {check.title}", *filter(None, [test["output"]])]
    return lines


def failed(check: CheckResult) -> bool:
    """A check that ran and lost points (one not run says so in the first line)."""
    return check.ran and not check.passed


def incomplete(report: Report) -> list[str]:
    """The line that opens the output of a grading whose hidden checks did not run."""
    if report.complete:
        return []
    lost = sum(check.max_score for check in report.not_run)
    return [f"INCOMPLETE: {points(lost)} of {points(report.max_score)} points not graded: "
            f"{report.not_run[0].message}"]


def render(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2) + "\n"
