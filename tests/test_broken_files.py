"""Files that are not submissions, through the command line as a user runs it.

`autograder grade FILE` exits 3 for a file that cannot be read as a submission, with one
line on stderr that says why (the report, scored 0, still goes to stdout); it exits 0 for
a file that can be read, whatever it scores (cli.py's docstring). Big files are made in
tmp_path, never committed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from tests.conftest import TRUSTED_FLAGS

ROOT = Path(__file__).resolve().parents[1]
CORRECT = (ROOT / "tests" / "submissions" / "correct_loops.py").read_text(encoding="utf-8")
REFERENCE_RESULTS = ROOT / "solutions" / "backprop" / "results.txt"
EXIT_GRADED, EXIT_UNREADABLE = 0, 3


@pytest.fixture(scope="module")
def temporary(tmp_path_factory):
    """The runs' temporary folder (TMPDIR): what a run leaves behind stays in pytest's."""
    return tmp_path_factory.mktemp("tmpdir")


@pytest.fixture(scope="module")
def autograder(temporary):
    def run(*args: object) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "autograder", "grade", *TRUSTED_FLAGS,
                               *map(str, args)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "TMPDIR": str(temporary)})

    return run


def notebook_json(cells: list[str], **extra: object) -> str:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{i}"
    data = json.loads(nbformat.writes(notebook))
    data.update(extra)
    return json.dumps(data)


def version_3(path: Path) -> None:
    """A notebook in format v3 (worksheets, "input" instead of "source")."""
    notebook = nbformat.v3.new_notebook(worksheets=[
        nbformat.v3.new_worksheet(cells=[nbformat.v3.new_code_cell(input=CORRECT)])])
    path.write_text(nbformat.v3.writes_json(notebook), encoding="utf-8")


def huge(path: Path) -> None:
    """A valid notebook of 100 MiB: the correct code and a stream output of 100 MiB."""
    notebook = json.loads(notebook_json([CORRECT]))
    notebook["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout",
                                        "text": "@"}]
    head, tail = json.dumps(notebook).split('"@"')
    with path.open("w", encoding="utf-8") as out:
        out.write(head + '"')
        for _ in range(100):
            out.write("x" * 2**20)
        out.write('"' + tail)


def many_cells(path: Path) -> None:
    """10,000 code cells: the correct functions in the first, then 9,999 small ones."""
    path.write_text(notebook_json([CORRECT] + [f"cell_{i} = {i}" for i in range(9_999)]),
                    encoding="utf-8")


def without_metadata(path: Path) -> None:
    data = json.loads(notebook_json([CORRECT]))
    del data["metadata"]
    path.write_text(json.dumps(data), encoding="utf-8")


@dataclass(frozen=True)
class Broken:
    name: str
    make: Callable[[Path], None]
    code: int
    # exit 3: the one line on stderr after "autograder: "; exit 0: how a line of the report starts
    reason: str
    results: bool = False  # grade with the reference's results.txt (a file that scores)

    def __str__(self) -> str:
        return self.name


def text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content.encode(encoding))


def raw(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


NOT_JSON = "is not a notebook: it is not valid JSON (Expecting value: line 1 column 1 (char 0))"
BROKEN = [
    Broken("empty.ipynb", text(""), EXIT_UNREADABLE, f"empty.ipynb {NOT_JSON}"),
    Broken("empty.py", text(""), EXIT_GRADED,
           "! none of the assignment's functions is defined in the submission"),
    Broken("python_text.ipynb", text("def sigmoid(x):\n    return 0.5\n"), EXIT_UNREADABLE,
           f"python_text.ipynb {NOT_JSON}"),
    Broken("json_list.ipynb", text("[1, 2, 3]"), EXIT_UNREADABLE,
           "json_list.ipynb is not a notebook: it is JSON without a list of cells"),
    Broken("no_metadata.ipynb", without_metadata, EXIT_UNREADABLE,
           "no_metadata.ipynb is not a valid notebook: The notebook is invalid and is missing "
           "an expected key: metadata"),
    # nbformat converts v3 to v4: a v3 notebook is graded like any other
    Broken("version3.ipynb", version_3, EXIT_GRADED, "score: 100/100", results=True),
    Broken("binary.ipynb", raw(bytes(range(256)) * 64), EXIT_UNREADABLE,
           "binary.ipynb is not UTF-8 text (byte 128)"),
    Broken("png.py", raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)), EXIT_UNREADABLE,
           "png.py is not UTF-8 text (byte 0)"),
    Broken("huge.ipynb", huge, EXIT_UNREADABLE, "huge.ipynb is larger than 20 MiB"),
    Broken("many_cells.ipynb", many_cells, EXIT_GRADED, "score: 100/100", results=True),
    Broken("submission.txt", text(CORRECT), EXIT_UNREADABLE,
           "submission.txt: a submission is a notebook (.ipynb) or a Python file (.py)"),
    Broken("backprop.ipynb.zip", raw(b"PK\x03\x04" + bytes(64)), EXIT_UNREADABLE,
           "backprop.ipynb.zip: a submission is a notebook (.ipynb) or a Python file (.py)"),
    Broken("latin1.py", text("# étudiante: Renée\n" + CORRECT, "latin-1"), EXIT_UNREADABLE,
           "latin1.py is not UTF-8 text (byte 2)"),
]


@pytest.mark.parametrize("broken", BROKEN, ids=str)
def test_broken_file(autograder, tmp_path, broken):
    path = tmp_path / broken.name
    broken.make(path)
    extra = ["--results", REFERENCE_RESULTS] if broken.results else []
    run = autograder(path, *extra)
    assert run.returncode == broken.code, run.stdout + run.stderr
    if broken.code == EXIT_UNREADABLE:
        assert run.stderr.splitlines() == [f"autograder: {broken.reason}"]
        assert f"! {broken.reason}" in run.stdout.splitlines()  # the report says it too
        assert "score: 0/100" in run.stdout
    else:
        assert run.stderr == ""
        assert any(line.startswith(broken.reason) for line in run.stdout.splitlines()), run.stdout


def test_missing_file(autograder, tmp_path):
    missing = tmp_path / "nowhere.py"
    run = autograder(missing)
    assert run.returncode == EXIT_UNREADABLE
    assert run.stderr.splitlines() == [f"autograder: no such file: {missing}"]


def test_an_unreadable_file_leaves_no_temporary_folder(autograder, temporary, tmp_path):
    """Grading stops at the unreadable file: nothing the run started may stay behind."""
    before = set(temporary.iterdir())
    path = tmp_path / "empty.ipynb"
    path.write_text("")
    run = autograder(path)
    assert run.returncode == EXIT_UNREADABLE
    left = sorted(p.name for p in set(temporary.iterdir()) - before
                  if not p.name.startswith("autograder-matplotlib"))
    assert left == []
