"""The report as Gradescope's results.json: the one JSON format the grader writes.

Top level: score, max_score, execution_time, output, tests; each test has name, score,
max_score, status ("passed"/"failed"), output and visibility.
"""

from __future__ import annotations

import json
from typing import Any

from autograder.report.model import Report


def as_dict(report: Report) -> dict[str, Any]:
    notes = {q.name: q.note for q in report.questions if q.note}
    tests = []
    for check in report.checks:
        output = "\n".join(filter(None, [check.message, check.hint and f"hint: {check.hint}"]))
        if not check.passed and check.question in notes:
            output = f"{output}\n{notes[check.question]}" if output else notes[check.question]
        tests.append({
            "name": check.title,
            "score": check.score,
            "max_score": check.max_score,
            "status": "passed" if check.passed else "failed",
            "output": output,
            "visibility": "visible",
        })
    header = f"sandbox: {report.sandbox}" + ("" if report.hidden_checks else
                                              "; public checks only")
    output = "\n".join([header, *report.problems])
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.seconds, 3),
        "output": output,
        "tests": tests,
    }


def render(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2) + "\n"
