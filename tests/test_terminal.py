"""What reaches a terminal holds no escape sequence or control character from a submission.

A student's exception message, printed output or file name could otherwise set the
window's title (OSC 0), write to the clipboard (OSC 52), move the cursor or return to the
start of a line to overwrite what the grader printed before (CSI, carriage return), or
ring the bell. The text report and the class summary strip them; words stay, and so does
Unicode text.
"""

import csv
import re
import shutil

import nbformat
import pytest

from autograder.cli import main
from autograder.report import summary, text
from autograder.report.text import printable
from tests.conftest import REFERENCE_RESULTS, ROOT, SUBMISSIONS, TRUSTED_FLAGS

TITLE = "\x1b]0;pwned\x07"  # OSC 0, ended by BEL: the window's title
CLIPBOARD = "\x1b]52;c;ZWNobyBvd25lZA==\x1b\\"  # OSC 52, ended by ST: the clipboard
CURSOR = "\x1b[2A\x1b[2K\x1b[1;1H"  # two lines up, erase the line, top left
C1_CURSOR = "\x9b2J"  # the same CSI as one C1 character: erase the screen
HOSTILE = f"boom{TITLE}{CLIPBOARD}{CURSOR}\rscore: 100/100\x07{C1_CURSOR} done"
# Whatever a terminal would act on: C0 controls but newline and tab, DEL, C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_escape_sequences_go_whole_and_words_stay():
    assert printable(HOSTILE) == "boomscore: 100/100 done"


@pytest.mark.parametrize("raw, shown", [
    ("caf\u00e9 Zo\u00eb \u5f20\u4f1f \u0645\u0631\u062d\u0628\u0627 \U0001f600", None),
    ("line one\n\tline two\n", None),
    ("a\x00b\x08c\x7fd\x85e\x9cf", "abcdef"),  # NUL, backspace, DEL, NEL, ST
    ("\x1bc reset", " reset"),  # ESC c: a full reset of the terminal
    ("\x1b(0 line drawing", " line drawing"),  # ESC ( 0: a character set with its final byte
    ("\x1bP1$tx\x1b\\ dcs", " dcs"),  # a device control string, up to its ST
    ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),  # a hyperlink's text stays
    ("lone \x1b", "lone "),
    ("a\ud800b", "a?b"),  # a lone surrogate cannot be written as UTF-8
])
def test_what_printable_keeps_and_drops(raw, shown):
    assert printable(raw) == (raw if shown is None else shown)


def test_an_unended_string_never_swallows_the_lines_after_it():
    """An OSC with no terminator on its line loses its introducer, and the grader's next
    lines, up to a BEL a later message holds, stay where they are."""
    assert printable("\x1b]0;title\nFAIL next check (0/2)\nmore\x07") == \
        "0;title\nFAIL next check (0/2)\nmore"


@pytest.fixture(scope="module")
def hostile_notebook(tmp_path_factory):
    """A correct submission (trusted code: a copy of correct_loops.py) whose multi_accuracy
    raises, whose last cell raises and which prints, each time with escape sequences."""
    folder = tmp_path_factory.mktemp("hostile")
    cells = [
        SUBMISSIONS.joinpath("correct_loops.py").read_text(),
        f"def multi_accuracy(data, targets, f):\n    raise ValueError({HOSTILE!r})\n",
        f"print({HOSTILE!r})\nraise RuntimeError({HOSTILE!r})\n",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    path = folder / "backprop.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def hostile_report(grader, hostile_notebook):
    return grader.grade(hostile_notebook, results=REFERENCE_RESULTS)


def test_the_report_holds_the_raw_text(hostile_report):
    # what is stripped is stripped on the way to the terminal, not from the report (the
    # feedback page escapes it for HTML; the gradebook quotes it for a spreadsheet)
    messages = [c.message for c in hostile_report.checks if c.question == "multi_accuracy"]
    assert messages and all(TITLE in m for m in messages)
    assert TITLE in hostile_report.stdout


def test_the_text_report_has_no_control_characters_and_keeps_the_words(hostile_report):
    rendered = text.render(hostile_report, verbose=True)
    assert not CONTROL.findall(rendered)
    lines = rendered.splitlines()
    words = " ".join(rendered.split())  # messages are wrapped over lines
    checks = [c for c in hostile_report.checks if c.question == "multi_accuracy"]
    assert words.count("multi_accuracy raised ValueError: boomscore: 100/100 done") \
        == len(checks) == 2
    assert "! code cell 3 raised RuntimeError: boomscore: 100/100 done" in lines
    assert "  boomscore: 100/100 done" in lines  # what it printed
    assert lines[-1].startswith("score: ")  # the score line is the grader's own, last


def test_the_class_summary_has_no_control_characters(hostile_report, graded):
    hostile_report.student = f"eve{TITLE}"
    overview = summary.summarize("backprop", [hostile_report, graded("correct_loops.py")])
    shown = summary.text(overview)
    assert not CONTROL.findall(shown)
    # the reason's first line ends where the carriage return was, its sequences gone
    reasons = [line for line in shown.splitlines() if line.startswith("      1 x ")]
    assert reasons and reasons[0].endswith(": multi_accuracy raised ValueError: boom"), reasons


def test_students_named_with_escapes_in_a_batch(tmp_path, capsys):
    """The batch's own output names students who could not be graded; their names came
    from file names, and the names keep their words and lose their escapes."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SUBMISSIONS / "correct_loops.py", folder / "alice.py")
    shutil.copy(REFERENCE_RESULTS, folder / "alice_results.txt")
    (folder / f"=mal{TITLE}lory{CURSOR}.ipynb").write_text("{ not json")
    (folder / "\u5f20\u4f1f\x1b]52;c;eA==\x07.ipynb").write_text("{ not json")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--out", str(out), "--course", str(ROOT),
                 "--seed", "7", "--quiet", "--jobs", "1", *TRUSTED_FLAGS]) == 0
    printed = capsys.readouterr().out
    assert not CONTROL.findall(printed)
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    students = {row["student"]: row["status"] for row in rows}
    assert not [value for row in rows for value in row.values() if CONTROL.findall(value)]
    assert len(students) == 3 and students.get("alice") == "graded", students
    unreadable = [name for name, status in students.items() if status == "not graded"]
    (line,) = [line for line in printed.splitlines() if line.startswith("  not graded: ")]
    for name in unreadable:
        assert printable(name.removeprefix("'")) in line  # the gradebook quoted "=..."
    assert "mal" in line and "lory" in line and "\u5f20\u4f1f" in line
    # a name a spreadsheet would run as a formula is still quoted in the gradebook
    assert any(name.startswith("'=mal") for name in students), students
