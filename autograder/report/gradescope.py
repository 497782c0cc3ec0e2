"""The report as Gradescope's results.json: the one JSON format the grader writes.

Top level: score, max_score, execution_time, output, tests; each test has name, score,
max_score, status ("passed"/"failed"), output and visibility. A check that could not run
(a hidden check without a sandbox) is listed at 0 of its points, "failed" (Gradescope knows
no other status), its output saying it was not run and why; the output's first line then
says the grading is incomplete.
"""

from __future__ import annotations

import json
from typing import Any

from autograder.report.model import Report
from autograder.report.text import points


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
    output = "\n".join([*incomplete(report), header, *report.problems])
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.seconds, 3),
        "output": output,
        "tests": tests,
    }


def incomplete(report: Report) -> list[str]:
    """The line that opens the output of a grading whose hidden checks did not run."""
    if report.complete:
        return []
    lost = sum(check.max_score for check in report.not_run)
    return [f"INCOMPLETE: {points(lost)} of {points(report.max_score)} points not graded: "
            f"{report.not_run[0].message}"]


def render(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2) + "\n"
