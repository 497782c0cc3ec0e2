"""What a class's grading says as a whole: per question the mean, the pass rate and the most
frequent failures; the spread of totals. As text for the terminal and as an HTML page."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from autograder.report.html import esc
from autograder.report.model import QuestionResult, Report
from autograder.report.text import points, printable

TOP_FAILURES = 5
NAMES_LISTED = 10  # students named on the line of those not graded; the gradebook has all


@dataclass(frozen=True)
class QuestionStats:
    name: str
    max_score: float
    mean: float
    pass_rate: float  # fraction of students with every point of the question
    failures: list[tuple[str, int]]  # why students lost points, and how many students


@dataclass(frozen=True)
class Summary:
    assignment: str
    students: int
    not_graded: int
    totals: list[float]
    max_score: float
    questions: list[QuestionStats]
    incomplete: int = 0  # graded without their hidden checks: totals that are not grades
    not_graded_students: tuple[str, ...] = ()

    @property
    def mean(self) -> float:
        return statistics.fmean(self.totals) if self.totals else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.totals) if self.totals else 0.0


def reason(question: QuestionResult) -> str:
    """Why a student lost points on a question, in one line: the mistake when one was named,
    else the first failing check's message. A check that was not run is no reason."""
    failing = [c for c in question.checks if not c.passed and c.ran]
    named = next((c for c in failing if c.hint), None)
    if named:
        return named.hint
    first = failing[0]
    return f"{first.name}: {first.message.splitlines()[0] if first.message else 'failed'}"


def summarize(assignment: str, reports: list[Report]) -> Summary:
    names = [q.name for q in reports[0].questions] if reports else []
    questions = []
    for index, name in enumerate(names):
        results = [r.questions[index] for r in reports]
        counts = Counter(reason(r.questions[index]) for r in reports
                         if r.loaded and any(not c.passed and c.ran
                                             for c in r.questions[index].checks))
        questions.append(QuestionStats(
            name, results[0].max_score, statistics.fmean(q.score for q in results),
            sum(q.score >= q.max_score for q in results) / len(results),
            counts.most_common(TOP_FAILURES)))
    return Summary(assignment, len(reports), sum(not r.loaded for r in reports),
                   [r.score for r in reports], reports[0].max_score if reports else 0.0,
                   questions, sum(r.loaded and not r.complete for r in reports),
                   tuple(sorted(r.student or r.submission for r in reports if not r.loaded)))


def incomplete_line(summary: Summary) -> str:
    return (f"INCOMPLETE: {summary.incomplete} of {summary.students} students graded without "
            "their hidden checks (no sandbox on this machine): those totals are not grades")


def not_graded_line(summary: Summary) -> str:
    names = summary.not_graded_students
    more = len(names) - NAMES_LISTED
    return "not graded: " + ", ".join(names[:NAMES_LISTED]) + (f" and {more} more"
                                                              if more > 0 else "")


def text(summary: Summary) -> str:
    """The summary for the terminal; students' names and messages made printable."""
    lines = [incomplete_line(summary)] if summary.incomplete else []
    lines.append(f"{summary.assignment}: {summary.students} students, mean "
                 f"{summary.mean:.1f}/{points(summary.max_score)}, median "
                 f"{points(summary.median)}"
                 + (f"; {summary.not_graded} could not be graded" if summary.not_graded else ""))
    if summary.not_graded_students:
        lines.append(f"  {not_graded_line(summary)}")
    for q in summary.questions:
        lines.append(f"  {q.name}: mean {q.mean:.1f}/{points(q.max_score)}, "
                     f"{q.pass_rate:.0%} full marks")
        lines += [f"      {count} x {what}" for what, count in q.failures]
    return printable("\n".join(lines) + "\n")


def histogram(summary: Summary) -> str:
    """The totals' histogram as an embedded PNG."""
    from autograder.report.figures import figure as new_figure
    from autograder.report.figures import png_uri

    figure = new_figure(6, 2.6)
    axes = figure.subplots()
    axes.hist(summary.totals, bins=20, range=(0, summary.max_score or 1), color="#4063a8",
              edgecolor="white")
    axes.set_xlabel("total")
    axes.set_ylabel("students")
    figure.tight_layout()
    return png_uri(figure)


def page(summary: Summary, warnings: list[str] | None = None) -> str:
    """summary.html: self-contained, so that it can be mailed or put on a course site.
    `warnings`: what the instructor must know about the class as a whole, shown first."""
    e = esc  # a name or message may hold lone surrogates, which UTF-8 cannot write
    warned = "".join(f"<li>{e(w)}</li>" for w in warnings or [])
    warned = f'<ul id="warnings" style="color: #b00020">{warned}</ul>\n' if warned else ""
    rows = []
    for q in summary.questions:
        failures = "".join(f"<li>{count} &times; {e(what)}</li>" for what, count in q.failures)
        rows.append(f"<tr><td>{e(q.name)}</td><td>{q.mean:.1f} / {points(q.max_score)}</td>"
                    f"<td>{q.pass_rate:.0%}</td><td><ul>{failures}</ul></td></tr>")
    graded = (f"; {summary.not_graded} could not be graded" if summary.not_graded else "")
    notices = "".join(f'<p class="{kind}">{e(line)}</p>' for kind, line in (
        ("incomplete", incomplete_line(summary) if summary.incomplete else ""),
        ("not-graded", not_graded_line(summary) if summary.not_graded_students else ""),
    ) if line)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(summary.assignment)}: class summary</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; vertical-align: top; }}
ul {{ margin: 0; padding-left: 1.1rem; }}
.incomplete {{ color: #cf222e; font-weight: 600; }}
</style></head><body>
<h1>{e(summary.assignment)}: class summary</h1>
{notices}
<p id="overview">{summary.students} students; mean {summary.mean:.1f} / {points(summary.max_score)},
median {points(summary.median)}{graded}</p>
{warned}<img alt="histogram of totals" src="{histogram(summary)}">
<table><tr><th>question</th><th>mean</th><th>full marks</th>
<th>most frequent reasons for lost points (students)</th></tr>
{"".join(rows)}
</table></body></html>
"""
