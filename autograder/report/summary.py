"""What a class's grading says as a whole: per question the mean, the pass rate and the most
frequent failures; the spread of totals. As text for the terminal and as an HTML page."""

from __future__ import annotations

import html
import statistics
from collections import Counter
from dataclasses import dataclass

from autograder.report.model import QuestionResult, Report
from autograder.report.text import points

TOP_FAILURES = 5


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

    @property
    def mean(self) -> float:
        return statistics.fmean(self.totals) if self.totals else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.totals) if self.totals else 0.0


def reason(question: QuestionResult) -> str:
    """Why a student lost points on a question, in one line: the mistake when one was named,
    else the first failing check's message."""
    failing = [c for c in question.checks if not c.passed]
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
                         if r.loaded and r.questions[index].score < r.questions[index].max_score)
        questions.append(QuestionStats(
            name, results[0].max_score, statistics.fmean(q.score for q in results),
            sum(q.score >= q.max_score for q in results) / len(results),
            counts.most_common(TOP_FAILURES)))
    return Summary(assignment, len(reports), sum(not r.loaded for r in reports),
                   [r.score for r in reports], reports[0].max_score if reports else 0.0,
                   questions)


def text(summary: Summary) -> str:
    lines = [f"{summary.assignment}: {summary.students} students, mean "
             f"{summary.mean:.1f}/{points(summary.max_score)}, median {points(summary.median)}"
             + (f"; {summary.not_graded} could not be graded" if summary.not_graded else "")]
    for q in summary.questions:
        lines.append(f"  {q.name}: mean {q.mean:.1f}/{points(q.max_score)}, "
                     f"{q.pass_rate:.0%} full marks")
        lines += [f"      {count} x {what}" for what, count in q.failures]
    return "\n".join(lines) + "\n"


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
    e = html.escape
    warned = "".join(f"<li>{e(w)}</li>" for w in warnings or [])
    warned = f'<ul id="warnings" style="color: #b00020">{warned}</ul>\n' if warned else ""
    rows = []
    for q in summary.questions:
        failures = "".join(f"<li>{count} &times; {e(what)}</li>" for what, count in q.failures)
        rows.append(f"<tr><td>{e(q.name)}</td><td>{q.mean:.1f} / {points(q.max_score)}</td>"
                    f"<td>{q.pass_rate:.0%}</td><td><ul>{failures}</ul></td></tr>")
    graded = (f"; {summary.not_graded} could not be graded" if summary.not_graded else "")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(summary.assignment)}: class summary</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; vertical-align: top; }}
ul {{ margin: 0; padding-left: 1.1rem; }}
</style></head><body>
<h1>{e(summary.assignment)}: class summary</h1>
<p id="overview">{summary.students} students; mean {summary.mean:.1f} / {points(summary.max_score)},
median {points(summary.median)}{graded}</p>
{warned}<img alt="histogram of totals" src="{histogram(summary)}">
<table><tr><th>question</th><th>mean</th><th>full marks</th>
<th>most frequent reasons for lost points (students)</th></tr>
{"".join(rows)}
</table></body></html>
"""
