"""The report as a student's feedback page: one self-contained HTML file.

Styles are inline and plots are data: URIs, so the page can be mailed, uploaded or opened
from disk. It shows only what the Report holds (hidden cases' expected values never reach
it), and every text that may come from the submission is escaped: a submission can print
or raise `<script>`. A Content-Security-Policy forbids scripts and remote loads besides.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import PurePath

from autograder.report.model import CheckResult, QuestionResult, Report, Training
from autograder.report.text import points

EXCERPT = 4000  # characters of the submission's stdout and stderr shown, at most

STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2328; background: #f6f8fa; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; background: #fff;
  min-height: 100vh; box-sizing: border-box; }
header { display: flex; justify-content: space-between; align-items: center; gap: 1rem;
  border-bottom: 1px solid #d0d7de; padding-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0; } h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; }
h3 { font-size: 1.1rem; margin: 0 0 .4rem; display: flex; justify-content: space-between; }
.sub { color: #59636e; margin: .2rem 0 0; }
#score { font-size: 2.6rem; font-weight: 700; margin: 0; white-space: nowrap; }
.good { color: #1a7f37; } .fair { color: #9a6700; } .poor { color: #cf222e; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: .3rem .6rem; border-bottom: 1px solid #eaeef2; text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.bar { background: #eaeef2; border-radius: 4px; height: .6rem; min-width: 8rem; }
.bar > div { background: #1a7f37; border-radius: 4px; height: 100%; }
.bar.lost { background: #ffd8d3; } .bar.lost > div { background: #cf222e; }
section.question { border: 1px solid #d0d7de; border-radius: 8px; padding: .8rem 1rem;
  margin: .8rem 0; }
.check { border-left: 4px solid #cf222e; background: #fff5f5; padding: .4rem .8rem;
  margin: .5rem 0; border-radius: 0 6px 6px 0; }
.check .name { font-weight: 600; } .check p { margin: .3rem 0; }
.message { white-space: pre-wrap; overflow-wrap: anywhere; }
.hint { background: #fff8c5; padding: .2rem .5rem; border-radius: 4px; }
.note { color: #59636e; font-style: italic; }
ul.passed { list-style: none; padding: 0; margin: .3rem 0 0; color: #1a7f37; }
ul.passed li::before { content: "\\2713  "; }
ul.not-run { list-style: none; padding: 0; margin: .3rem 0 0; color: #59636e; }
ul.not-run li::before { content: "\\2013  "; }
.incomplete { border: 2px solid #cf222e; background: #fff5f5; padding: .6rem .8rem;
  border-radius: 6px; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem;
  overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85rem; }
.problems pre { border-color: #cf222e; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; flex: 1 1 24rem; max-width: 28rem; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption, .small { color: #59636e; font-size: .85rem; }
footer { margin-top: 2rem; color: #59636e; font-size: .85rem; }
"""

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def esc(text: object) -> str:
    """Text made safe for HTML; lone surrogates replaced, so that the page encodes as UTF-8."""
    return html.escape(str(text).encode("utf-8", "replace").decode("utf-8"))


def score_class(score: float, max_score: float) -> str:
    fraction = score / max_score if max_score else 0.0
    return "good" if fraction >= 0.9 else "fair" if fraction >= 0.6 else "poor"


def render(report: Report) -> str:
    """One student's page: score, questions, failed checks with hints, training plots."""
    total = f"{points(report.score)}/{points(report.max_score)}"
    name = PurePath(report.submission).name or report.submission
    body = [
        "<header><div>",
        f"<h1>{esc(report.assignment)}</h1>",
        f'<p class="sub">submission <strong>{esc(name)}</strong>'
        + (f" by <strong>{esc(report.student)}</strong>" if report.student else "") + "</p>",
        "</div>",
        f'<p id="score" class="{score_class(report.score, report.max_score)}" '
        f'title="total score">{total}</p>',
        "</header>",
    ]
    if not report.complete:
        lost = sum(check.max_score for check in report.not_run)
        body.append(f'<p class="incomplete"><strong>Incomplete grading:</strong> '
                    f"{points(lost)} of the {points(report.max_score)} points were not graded. "
                    f"{esc(report.not_run[0].message)}.</p>")
    elif not report.hidden_checks:
        body.append('<p class="note">Public checks only: the hidden cases run when your '
                    "instructor grades.</p>")
    body += problems_section(report)
    body += summary_table(report)
    body.append("<h2>Checks</h2>")
    quiet = bool(report.problems) and not report.loaded  # every message is the load error
    for question in report.questions:
        body += question_section(question, quiet)
    body += training_section(report.training)
    body += output_section(report)
    body.append(f"<footer>graded in {report.seconds:.2f} s; the submission's code ran in "
                f"sandbox: {esc(report.sandbox)}</footer>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report.assignment)}: {esc(name)} ({total}"
        f"{'' if report.complete else ', incomplete'})</title>",
        f"<style>{STYLE}</style>",
        "</head><body><main>",
        *body,
        "</main></body></html>",
        "",
    ])


def problems_section(report: Report) -> list[str]:
    if not report.problems:
        return []
    return ['<section class="problems"><h2>Problems running your code</h2>',
            *(f"<pre>{esc(problem)}</pre>" for problem in report.problems), "</section>"]


def summary_table(report: Report) -> list[str]:
    rows = []
    for q in report.questions:
        percent = 100 * q.score / q.max_score if q.max_score else 0
        lost = " lost" if q.score < q.max_score else ""
        rows.append(f'<tr><td><a href="#q-{esc(q.name)}">{esc(q.name)}</a></td>'
                    f'<td class="num">{points(q.score)}/{points(q.max_score)}</td>'
                    f'<td><div class="bar{lost}"><div style="width:{percent:.0f}%">'
                    "</div></div></td></tr>")
    return ["<h2>Score per question</h2>",
            '<table><tr><th>question</th><th class="num">points</th><th></th></tr>',
            *rows, "</table>"]


def question_section(question: QuestionResult, quiet: bool) -> list[str]:
    """Failed checks in full (message, hint, the question's note); passed ones in a line."""
    failed = [c for c in question.checks if not c.passed and c.ran]
    passed = [c for c in question.checks if c.passed]
    not_run = [c for c in question.checks if not c.ran]  # why: once, at the top
    lines = [f'<section class="question" id="q-{esc(question.name)}">',
             f"<h3><span>{esc(question.name)}</span><span class="
             f'"{score_class(question.score, question.max_score)}">'
             f"{points(question.score)}/{points(question.max_score)}</span></h3>"]
    if question.note:
        lines.append(f'<p class="note">{esc(question.note)}</p>')
    lines += [failed_check(check, quiet) for check in failed]
    if passed:
        lines.append('<ul class="passed">' + "".join(
            f"<li>{esc(c.name)} ({points(c.score)}/{points(c.max_score)})</li>" for c in passed)
            + "</ul>")
    if not_run:
        lines.append('<ul class="not-run">' + "".join(
            f"<li>{esc(c.name)} (0/{points(c.max_score)}): not run</li>" for c in not_run)
            + "</ul>")
    lines.append("</section>")
    return lines


def failed_check(check: CheckResult, quiet: bool) -> str:
    parts = [f'<div class="check"><div class="name">&#10007; {esc(check.name)} '
             f"({points(check.score)}/{points(check.max_score)})</div>"]
    if check.message and not quiet:
        parts.append(f'<p class="message">{esc(check.message)}</p>')
    if check.hint:
        parts.append(f'<p class="hint"><strong>Hint:</strong> {esc(check.hint)}</p>')
    return "".join(parts) + "</div>"


def training_section(training: list[Training]) -> list[str]:
    """Learning curves per task and the XOR-family decision boundary, from the runs the
    convergence checks made with the student's training function (sgd_nn, fit_pima)."""
    if not training:
        return []
    from autograder.report import figures

    tasks: dict[str, list[Training]] = {}
    for run in training:
        tasks.setdefault(run.task, []).append(run)
    items = []
    for task, runs in tasks.items():
        items.append(figure_item(figures.learning_curves, runs, task,
                                 alt=f"learning curves on {task}",
                                 caption=f"Loss per epoch of your {runs[0].function} on {task}, "
                                         "one line per starting network."))
        if all(figures.is_boolean(run) for run in runs):
            items.append(boundary_item(runs))
    table = ['<table><tr><th>task</th><th class="num">seed</th><th class="num">final loss</th>'
             '<th class="num">test accuracy</th></tr>']
    for run in training:
        table.append(f"<tr><td>{esc(run.task)}</td><td class='num'>{run.seed}</td>"
                     f"<td class='num'>{final_loss(run)}</td>"
                     f"<td class='num'>{run.accuracy:.2f}</td></tr>")
    table.append("</table>")
    functions = ", ".join(dict.fromkeys(run.function for run in training))
    return [f"<h2>Training with your {esc(functions)}</h2>", '<div class="figures">', *items,
            "</div>", *table]


def final_loss(run: Training) -> str:
    try:
        return f"{float(run.losses[-1]):.4g}"
    except (IndexError, TypeError, ValueError):
        return "none"


def figure_item(draw: Callable[..., str], *args: object, alt: str, caption: str) -> str:
    """A plot as <figure>, or a short note when the student's results cannot make it."""
    try:
        uri = draw(*args)
    except Exception as error:  # a page without one plot beats no page
        return f'<p class="note">No plot: {esc(error) or type(error).__name__}.</p>'
    return (f'<figure><img src="{uri}" alt="{esc(alt)}">'
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def boundary_item(runs: list[Training]) -> str:
    """The decision boundary of the first run whose network can be drawn."""
    from autograder.report.figures import NotDrawable, boolean_network, decision_boundary

    reasons = []
    for run in runs:
        try:
            boolean_network(run)
        except NotDrawable as error:
            reasons.append(f"seed {run.seed}: {error}")
            continue
        return figure_item(decision_boundary, run, alt=f"decision boundary on {run.task}",
                           caption=f"What your network trained on {run.task} (seed {run.seed}) "
                                   "outputs over the plane; the black line is where it is 0.5.")
    return f'<p class="note">No decision boundary: {esc("; ".join(reasons))}.</p>'


def output_section(report: Report) -> list[str]:
    """A capped excerpt of what the submission printed: enough to debug, never the flood."""
    lines = []
    for label, stream in (("printed", report.stdout), ("wrote to stderr", report.stderr)):
        if stream.strip():
            more = (f" (first {EXCERPT} of {len(stream)} characters)"
                    if len(stream) > EXCERPT else "")
            lines.append(f"<details><summary>What your code {label}{more}</summary>"
                         f"<pre>{esc(stream[:EXCERPT])}</pre></details>")
    return ["<h2>Output</h2>", *lines] if lines else []
