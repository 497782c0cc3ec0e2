"""The class's reports as one CSV: a row per student, a column per question, the total.

Columns: student, total, max_score, one per question (its points), status ("graded",
"not graded", or "incomplete: hidden checks not run"), notes (what went wrong around the
checks: a cell that raised, a limit reached, why the file could not be read). The student
and notes cells hold text a submission wrote: they lose control characters and escape
sequences (the file is read in terminals too), and a cell that a spreadsheet would run as
a formula (starting with =, +, -, @) is quoted with a leading apostrophe.
"""

from __future__ import annotations

import csv
from pathlib import Path

from autograder.report.model import Report
from autograder.report.text import points, printable

FORMULA = ("=", "+", "-", "@", "\t", "\r")
NOTES_CHARACTERS = 300


def cell(text: str) -> str:
    text = printable(text)
    return f"'{text}" if text.startswith(FORMULA) else text


def notes(report: Report) -> str:
    text = "; ".join(problem.splitlines()[0] for problem in report.problems if problem.strip())
    return text if len(text) <= NOTES_CHARACTERS else text[:NOTES_CHARACTERS - 1] + "…"


def columns(questions: list[str]) -> list[str]:
    return ["student", "total", "max_score", *questions, "status", "notes"]


def row(report: Report) -> list[str]:
    return [cell(report.student), points(report.score), points(report.max_score),
            *(points(q.score) for q in report.questions),
            report.status, cell(notes(report))]


def write(path: Path, reports: list[Report], questions: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink)
        writer.writerow(columns(questions))
        for report in sorted(reports, key=lambda r: r.student):
            writer.writerow(row(report))
