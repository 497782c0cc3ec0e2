"""The grader's own work on a hostile file is bounded: loading a submission and storing its
report cost what the file's size allows, and whatever cannot be loaded is refused with a
reason the student can act on (exit 3), never a traceback.

Loading runs in the grader before any limit applies to the student, holding the GIL: a
quadratic regex or an unbounded parse there costs every classmate graded alongside. The
hostile files are made in tmp_path, never committed; how long each takes is measured by
bench/hostile_load.py, not here.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import autograder.jsonshape as jsonshape
from autograder import load as loader
from autograder.cli import main
from autograder.jsonshape import Shape, shape
from autograder.load import LoadError, load, strip_magics
from autograder.report import store
from autograder.report.html import render as feedback_page
from autograder.report.model import CheckResult, QuestionResult, Report, Training
from tests.conftest import REFERENCE_RESULTS, ROOT, SUBMISSIONS, TRUSTED_FLAGS

CORRECT = (SUBMISSIONS / "correct_loops.py").read_text(encoding="utf-8")
SPACES = " " * 2**20  # a line of 1 MiB of spaces: hours for the old magic regex


def notebook(sources: list[str], **extra: object) -> dict:
    """Notebook JSON as Jupyter saves it, with code cells of these sources."""
    data = json.loads(nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources])))
    data.update(extra)
    return data


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def grade(path: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "grade", str(path),
                           "--assignment", "backprop", "--course", str(ROOT), *TRUSTED_FLAGS,
                           *options],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def refusal(path: Path) -> str:
    with pytest.raises(LoadError) as raised:
        load(path)
    return str(raised.value)


# A line of spaces: the magic finder is linear.

def test_a_megabyte_line_of_spaces_is_left_as_python():
    """Not plain Python (an unexpected indent), so each line is looked at for a magic: the
    line is no magic and stays as it was."""
    source = f"x = 1\n{SPACES}y = 2"
    assert strip_magics(source) == source


def test_a_magic_after_a_megabyte_of_spaces_is_still_found():
    kept = strip_magics(f"if True:\n{SPACES}!ls\n{SPACES}files = !ls\n{SPACES}same = 1 != 2")
    assert kept.splitlines() == ["if True:", f"{SPACES}pass  # !ls",
                                 f"{SPACES}pass  # files = !ls", f"{SPACES}same = 1 != 2"]
    namespace: dict = {}
    exec(compile(kept, "<cell>", "exec"), namespace)
    assert namespace["same"] is True


def test_a_cell_of_a_megabyte_line_is_refused_with_its_size(tmp_path):
    path = write(tmp_path / "spaces.ipynb", json.dumps(notebook([CORRECT, SPACES + "x"])))
    assert refusal(path) == (f"spaces.ipynb: code cell 2 holds {2**20 + 1:,} characters, "
                             f"more than the {loader.MAX_CELL_CHARS:,} a code cell may hold")


def test_a_cell_as_large_as_allowed_is_loaded_as_it_is(tmp_path):
    line = " " * (loader.MAX_CELL_CHARS - 2) + "x"  # with "\n" and the one line before it
    path = write(tmp_path / "wide.ipynb", json.dumps(notebook([CORRECT, f"\n{line}"])))
    assert [(c.index, c.source) for c in load(path).cells] == [(1, CORRECT), (2, f"\n{line}")]


def test_a_classmate_of_a_wide_line_is_graded_in_full(tmp_path):
    """A line of spaces as wide as a cell may be cost the old regex minutes while holding
    the GIL, and a classmate graded alongside lost points to the time limit."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SUBMISSIONS / "correct_loops.py", folder / "alice.py")
    shutil.copy(REFERENCE_RESULTS, folder / "alice_results.txt")
    wide = " " * (loader.MAX_CELL_CHARS - 1) + "x"
    write(folder / "mallory.ipynb", json.dumps(notebook([CORRECT, wide])))
    write(folder / "oscar.ipynb", json.dumps(notebook([SPACES + "x"])))
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--out", str(out), "--course", str(ROOT), "--seed", "7",
                 "--jobs", "2", "--quiet", *TRUSTED_FLAGS]) == 0
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as source:
        rows = {row["student"]: row for row in csv.DictReader(source)}
    assert rows["alice"]["total"] == rows["alice"]["max_score"] == "100"
    assert rows["mallory"]["status"] == "graded"  # loaded, the wide line kept as it was
    assert "code cell 2 raised IndentationError" in rows["mallory"]["notes"]
    assert rows["oscar"]["status"] == "not graded"
    assert "code cell 1 holds 1,048,577 characters" in rows["oscar"]["notes"]


# Cells, size and code: counted before nbformat reads them.

def test_220000_cells_are_refused_before_they_are_read(tmp_path):
    cells = [{"cell_type": "raw", "metadata": {}, "source": ""}] * 220_000
    path = write(tmp_path / "cells.ipynb", json.dumps(notebook([], cells=cells)))
    assert refusal(path) == (f"cells.ipynb has 220,000 cells, more than the {loader.MAX_CELLS:,} "
                             "the grader reads: merge or delete cells and save it again")


def test_cells_that_do_not_say_their_type_are_counted_too(tmp_path):
    path = write(tmp_path / "untyped.ipynb", json.dumps(notebook([], cells=[{}] * 20_000)))
    assert refusal(path).startswith("untyped.ipynb has 20,000 cells, more than the")


def test_a_notebook_of_one_cell_of_20_mib_is_refused_for_its_cell(tmp_path):
    source = "x = 1\n" * ((20 * 2**20 - 4096) // 7)  # "\n" is two characters in JSON
    data = notebook([""])
    data["cells"][0]["source"] = source  # one string, as nbformat also reads
    path = write(tmp_path / "one_cell.ipynb", json.dumps(data))
    assert path.stat().st_size < 20 * 2**20
    assert refusal(path).startswith(f"one_cell.ipynb: code cell 1 holds {len(source):,} "
                                    "characters, more than the")


def test_code_is_bounded_in_all(tmp_path):
    cells = ["x = 1\n" * (loader.MAX_CELL_CHARS // 6)]
    cells *= loader.MAX_CODE_CHARS // loader.MAX_CELL_CHARS + 1
    path = write(tmp_path / "many.ipynb", json.dumps(notebook(cells)))
    total = sum(map(len, cells))
    assert refusal(path) == (f"many.ipynb holds {total:,} characters of code, more than the "
                             f"{loader.MAX_CODE_CHARS:,} a submission may hold")


def test_a_python_file_of_20_mib_is_refused_for_its_code(tmp_path):
    path = write(tmp_path / "big.py", "x = 1\n" * (20 * 2**20 // 6))
    assert refusal(path) == (f"big.py holds {path.stat().st_size:,} characters of code, more "
                             f"than the {loader.MAX_CODE_CHARS:,} a submission may hold")


def test_outputs_are_not_read(tmp_path):
    """Grading never reads outputs, so nbformat is not made to check them one by one (it
    took 11 s for 300,000): a notebook with broken outputs is graded on its code."""
    data = notebook([CORRECT])
    data["cells"][0]["outputs"] = [{"output_type": "no such type"}] * 1000
    path = write(tmp_path / "outputs.ipynb", json.dumps(data))
    assert [c.source for c in load(path).cells] == [CORRECT]


def test_values_are_bounded_before_json_is_parsed(tmp_path):
    """A list of 7 million `{}` took json.loads 486 MiB."""
    data = notebook([CORRECT], metadata={"x": "@"})
    head, tail = json.dumps(data).split('"@"')
    path = write(tmp_path / "values.ipynb", head + "[" + "{}," * 6_000_000 + "{}]" + tail)
    assert refusal(path).startswith("values.ipynb is not a notebook the grader reads: its "
                                    "JSON holds more than 250,000 values: clear its outputs")


# Nesting and numbers: through the command line, exit 3 and the reason.

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("name, text, reason", [
    ("deep_metadata.ipynb", json.dumps(notebook([CORRECT], metadata={"x": "@"})).replace(
        '"@"', DEEP), "nests lists and objects more than 64 deep (a notebook saved by Jupyter "
     "nests about 6)"),
    ("deep.ipynb", DEEP, "nests lists and objects more than 64 deep (a notebook saved by "
     "Jupyter nests about 6)"),
    ("huge_integer.ipynb", json.dumps(notebook([CORRECT], nbformat_minor="@")).replace(
        '"@"', "9" * 100_000), "holds a number of more than 100 digits"),
    ("long_integer.ipynb", json.dumps(notebook([CORRECT], nbformat_minor="@")).replace(
        '"@"', "9" * 4_000), "holds a number of more than 100 digits"),
    ("long_count.ipynb", json.dumps(notebook([CORRECT])).replace(
        '"execution_count": null', '"execution_count": -' + "9" * 1_000),
     "holds a number of more than 100 digits"),
], ids=lambda value: value if str(value).endswith(".ipynb") else "")
def test_deep_nesting_and_huge_numbers_are_exit_3_with_a_reason(tmp_path, name, text, reason):
    run = grade(write(tmp_path / name, text))
    assert run.returncode == 3, run.stdout + run.stderr
    assert run.stderr.splitlines()[-1:] == [
        f"autograder: {name} is not a notebook the grader reads: its JSON {reason}"]
    assert "Traceback" not in run.stderr
    assert "score: 0/100" in run.stdout


@pytest.mark.parametrize("network, reason", [
    (DEEP, "nests lists and objects more than 16 deep"),
    ("[[[" + "9" * 5_000 + "]]]", "holds a number of more than 100 digits"),
])
def test_a_results_txt_too_deep_or_too_long_costs_its_points_only(tmp_path, network, reason):
    folder = tmp_path / "alice"
    folder.mkdir()
    submission = folder / "backprop.py"
    submission.write_text(CORRECT, encoding="utf-8")
    write(folder / "results.txt", f'{{"network": {network}, "accuracy": 0.9}}')
    run = grade(submission, "--format", "json")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    results = json.loads(run.stdout)
    assert results["score"] == 90  # every other check is graded
    failed = [test for test in results["tests"] if test["status"] == "failed"]
    assert {test["name"].split(":")[0] for test in failed} == {"results.txt"}
    for test in failed:
        assert test["output"] == f"results.txt cannot be read: its JSON {reason}"


@pytest.mark.parametrize("key, value", [("nbformat_minor", "1e400"), ("nbformat", "4.0"),
                                        ("nbformat_minor", '"5"')])
def test_a_version_that_is_not_a_whole_number_says_so(tmp_path, key, value):
    text = json.dumps(notebook([CORRECT], **{key: "@"})).replace('"@"', value)
    assert refusal(write(tmp_path / "version.ipynb", text)) == (
        f"version.ipynb is not a valid notebook: its {key} is not a whole number")


def test_what_nbformat_quotes_of_a_file_is_cut_short(tmp_path):
    data = notebook([CORRECT])
    data["cells"][0]["execution_count"] = "x" * 100_000
    reason = refusal(write(tmp_path / "count.ipynb", json.dumps(data)))
    assert reason == f"count.ipynb is not a valid notebook: '{'x' * 299}... (cut)"


# The shape of JSON, measured as a parser would read it.

def reference_shape(text: bytes) -> tuple[bool, Shape]:
    """Byte by byte: (whether the text was read to its end, its shape up to where a parser
    stops at a backslash outside strings)."""
    depth = deepest = values = run = longest = 0
    inside = escaped = False
    for byte in text.decode("latin-1"):
        if inside:
            run = 0
            if escaped:
                escaped = False
            elif byte == "\\":
                escaped = True
            elif byte == '"':
                inside = False
        elif byte == "\\":
            return False, Shape(deepest, values, longest)
        elif byte == '"':
            inside, run = True, 0
        elif byte.isdigit():
            run += 1
            longest = max(longest, run)
        else:
            run = 0
            if byte in "[{":
                depth += 1
                deepest = max(deepest, depth)
                values += 1
            elif byte in "]}":
                depth -= 1
            elif byte == ",":
                values += 1
    return True, Shape(deepest, values, longest)


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64, jsonshape.CHUNK])
def test_shape_agrees_with_reading_byte_by_byte(monkeypatch, chunk):
    monkeypatch.setattr(jsonshape, "CHUNK", chunk)
    draw = random.Random(chunk)
    for _ in range(1500):
        text = "".join(draw.choice('[]{},"\\0123456789 a:é') for _ in range(draw.randint(0, 40)))
        raw = text.encode("utf-8")
        whole, expected = reference_shape(raw)
        measured = shape(raw)
        if whole:
            assert measured == expected, raw
        else:  # past a stray backslash a parser reads nothing more: figures at least as large
            assert (measured.depth >= expected.depth and measured.values >= expected.values
                    and measured.digits >= expected.digits), raw
        bound = Shape(draw.randint(0, 5), draw.randint(0, 10), draw.randint(0, 5))
        stopped = shape(raw, bound)  # stops early only once a figure is past its bound
        assert stopped == measured or (stopped.depth > bound.depth or
                                       stopped.values > bound.values or
                                       stopped.digits > bound.digits), raw
        past = (measured.depth > bound.depth or measured.values > bound.values or
                measured.digits > bound.digits)
        assert past == (stopped.depth > bound.depth or stopped.values > bound.values or
                        stopped.digits > bound.digits), raw


def test_shape_counts_outside_strings_only():
    text = r'{"a": [1, 22, {"b": "[[[,,,\"]]] 12345"}], "c": -123.4567e+89, "d": "\\"}'
    json.loads(text)  # valid JSON, with an escaped quote and an escaped backslash
    assert shape(text.encode()) == Shape(depth=3, values=7, digits=4)


# Stored reports: bounded whatever the submission returned.

def report_of(losses: list[float], message: str = "", problems: int = 0) -> Report:
    network = [[[0.5, 0.5, 0.5]] * 4, [[0.5] * 5]]
    check = CheckResult("sgd_nn", "learns XOR", 0.0, 5.0, message, hidden=False)
    return Report("mallory.py", "backprop", [QuestionResult("sgd_nn", [check])],
                  problems=[f"code cell {i} raised ValueError: {'v' * 50_000}"
                            for i in range(problems)],
                  training=[Training("XOR", (2, 4, 1), seed, losses, network, 0.5)
                            for seed in (1, 2)])


def test_a_million_losses_are_stored_thinned_and_read_back():
    losses = [1.0 / (epoch + 1) for epoch in range(1_000_000)]
    text = store.dumps(report_of(losses))
    assert len(text) < 200_000  # 37 MB a student before
    back = store.loads(text)
    for run in back.training:
        assert run.losses_returned == 1_000_000
        assert len(run.losses) == store.MAX_LOSSES
        assert run.losses[0] == losses[0] and run.losses[-1] == losses[-1]
        assert run.losses == sorted(run.losses, reverse=True)  # in the epochs' order
    assert store.loads(store.dumps(back)).training == back.training  # stored again, unchanged
    assert "<h2>Training with your sgd_nn</h2>" in feedback_page(back)


def test_a_run_of_the_courses_length_is_stored_whole():
    losses = [1.0 / (epoch + 1) for epoch in range(500)]
    (run, _) = store.loads(store.dumps(report_of(losses))).training
    assert run.losses == losses and run.losses_returned is None


def test_messages_and_problems_are_stored_cut_and_say_so():
    text = store.dumps(report_of([0.5], message="m" * 1_000_000, problems=10_000))
    assert len(text) < 5_000_000
    back = store.loads(text)
    (check,) = back.checks
    assert check.message.endswith("\n... (990,000 more characters not kept)")
    assert len(back.problems) == store.MAX_PROBLEMS + 1
    assert back.problems[-1] == "... and 9,900 more problems, not kept"
    assert back.problems[0].startswith("code cell 0 raised ValueError: vvv")
    assert back.problems[0].endswith("more characters not kept)")
    results = json.loads(text)  # what Gradescope reads is the bounded report too
    assert len(results["tests"][0]["output"]) < 2 * store.MAX_TEXT


def test_a_stored_report_of_a_hostile_run_stays_small_on_disk(tmp_path):
    """The size a batch keeps per student, as the batch writes it."""
    path = tmp_path / "mallory.json"
    path.write_text(store.dumps(report_of([0.25] * 1_000_000, "m" * 10**6, 1000)),
                    encoding="utf-8")
    assert os.path.getsize(path) < 5_000_000
    assert store.loads(path.read_text(encoding="utf-8")).training[0].losses_returned == 10**6
