"""The report as a student reads it in a terminal: PASS/FAIL per check, messages indented.

Text that leaves for a terminal goes through `printable`: a submission's exception
message, printed output or file name could otherwise set the window's title, write to
the clipboard (OSC 52) or rewrite lines printed before it (a carriage return, cursor moves).
"""

from __future__ import annotations

import re
import textwrap

from autograder.report.model import Report

# A whole escape sequence, so that none of its bytes is left for the terminal: a control
# sequence (ESC [ or CSI, parameters, intermediates, final byte); a string (OSC, DCS, SOS,
# PM, APC) up to its terminator (BEL or ST); any other ESC with its intermediates and final
# byte. None crosses a line, so that text can never swallow a line the grader wrote: an
# unterminated string loses its introducer and prints its payload as plain text. Each
# alternative's repeated classes exclude what may follow them, so matching is linear.
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]")
# What remains: C0 controls but newline and tab, DEL, C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe for a terminal: escape sequences and control characters removed (newlines
    and tabs kept), lone surrogates replaced so that it encodes; other Unicode untouched."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return CONTROL.sub("", ESCAPE_SEQUENCE.sub("", text))


def points(x: float) -> str:
    return f"{x:g}"


def wrap(paragraph: str, indent: str, subsequent: str) -> list[str]:
    """A paragraph in lines of at most 96 characters, measured as the terminal shows them."""
    return textwrap.wrap(printable(paragraph), 96, initial_indent=indent,
                         subsequent_indent=subsequent)


def incomplete_lines(report: Report) -> list[str]:
    """The opening of a grading whose hidden checks did not run: that it is incomplete, why,
    and what would complete it (every not-run check says the same)."""
    skipped = report.not_run
    why, _, remedy = skipped[0].message.partition(". ")
    lost = points(sum(check.max_score for check in skipped))
    lines = [f"INCOMPLETE: {why} ({lost} of {points(report.max_score)} points not graded)"]
    return lines + wrap(remedy, "  ", "  ")


def render(report: Report, verbose: bool = False) -> str:
    lines = [] if report.complete else incomplete_lines(report)
    lines.append(f"{report.assignment}: {report.submission}  (sandbox: {report.sandbox})")
    if report.files:
        lines.append(printable(f"with the student's own files: {', '.join(report.files)}"))
    if not report.hidden_checks and report.complete:
        lines.append("public checks only: hidden cases run where the solutions are")
    for problem in report.problems:
        first, *rest = printable(problem).splitlines() or [""]  # a student's \r ends no line
        lines.append(f"! {first}")
        lines += [f"    {line}" for line in rest]
    for question in report.questions:
        lines.append("")
        lines.append(f"{question.name}: {points(question.score)}/{points(question.max_score)}")
        for check in question.checks:
            status = "PASS" if check.passed else "FAIL" if check.ran else "NOT RUN"
            lines.append(f"  {status} {check.name} ({points(check.score)}/"
                         f"{points(check.max_score)})")
            if check.message and check.ran and not (report.problems and not report.loaded):
                lines += wrap(check.message, "       ", "       ")
            if check.hint:
                lines += wrap(f"hint: {check.hint}", "       ", "             ")
        if question.note:
            lines += wrap(f"note: {question.note}", "  ", "        ")
    if verbose and report.stdout.strip():
        printed = textwrap.indent(printable(report.stdout.rstrip()), "  ")
        lines += ["", "what the submission printed:", printed]
    lines.append("")
    lines.append(f"score: {points(report.score)}/{points(report.max_score)}{scope(report)}"
                 f"  ({report.seconds:.2f} s)")
    return printable("\n".join(lines) + "\n")  # the file's name, and whatever else


def scope(report: Report) -> str:
    """What the score is out of, when it is not every check of the assignment."""
    if not report.complete:
        return (" INCOMPLETE: hidden checks worth "
                f"{points(sum(check.max_score for check in report.not_run))} points not run")
    return "" if report.hidden_checks else " (public checks only)"
