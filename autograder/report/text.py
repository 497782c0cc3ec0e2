"""The report as a student reads it in a terminal: PASS/FAIL per check, messages indented."""

from __future__ import annotations

import textwrap

from autograder.report.model import Report


def points(x: float) -> str:
    return f"{x:g}"


def render(report: Report, verbose: bool = False) -> str:
    lines = [f"{report.assignment}: {report.submission}  (sandbox: {report.sandbox})"]
    if not report.hidden_checks:
        lines.append("public checks only: hidden cases run where the solutions are")
    for problem in report.problems:
        first, *rest = problem.splitlines()
        lines.append(f"! {first}")
        lines += [f"    {line}" for line in rest]
    for question in report.questions:
        lines.append("")
        lines.append(f"{question.name}: {points(question.score)}/{points(question.max_score)}")
        for check in question.checks:
            status = "PASS" if check.passed else "FAIL"
            lines.append(f"  {status} {check.name} ({points(check.score)}/"
                         f"{points(check.max_score)})")
            if check.message and not (report.problems and not report.loaded):
                lines += textwrap.wrap(check.message, 96, initial_indent="       ",
                                       subsequent_indent="       ")
            if check.hint:
                lines += textwrap.wrap(f"hint: {check.hint}", 96, initial_indent="       ",
                                       subsequent_indent="             ")
        if question.note:
            lines += textwrap.wrap(f"note: {question.note}", 96, initial_indent="  ",
                                   subsequent_indent="        ")
    if verbose and report.stdout.strip():
        lines += ["", "what the submission printed:", textwrap.indent(report.stdout.rstrip(), "  ")]
    lines.append("")
    lines.append(f"score: {points(report.score)}/{points(report.max_score)}"
                 f"  ({report.seconds:.2f} s)")
    return "\n".join(lines) + "\n"
