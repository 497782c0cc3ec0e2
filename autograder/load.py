"""Load a submission: a notebook or a .py file becomes the code cells to run, in order.

IPython magics and shell escapes are dropped (the child runs plain Python); cells
tagged `self-check` or `exercise` are skipped, because grading measures those things
itself. A file that cannot be read as a submission raises LoadError with a message
meant for the student.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.errors import LoadError

# nbformat imports jsonschema, which imports a checker for every string format it knows
# when the optional package is there (the Jupyter server stack brings them all): the URI
# grammars of rfc3987-syntax alone cost 3 s, the rest 0.06 s of a 0.3 s start. The
# notebook schema checks none of these formats, so they are kept out while nbformat is
# imported, and importable again afterwards (a student's kernel imports this module).
OPTIONAL_FORMAT_CHECKERS = ("rfc3987_syntax", "rfc3987", "rfc3986_validator",
                            "rfc3339_validator", "fqdn", "idna", "webcolors", "jsonpointer",
                            "uri_template", "isoduration")
_kept_out = [name for name in OPTIONAL_FORMAT_CHECKERS if name not in sys.modules]
sys.modules.update(dict.fromkeys(_kept_out))  # None: "import name" raises ImportError
try:
    import nbformat
finally:
    for _name in _kept_out:
        if sys.modules.get(_name, False) is None:
            del sys.modules[_name]

SKIPPED_TAGS = frozenset({"self-check", "exercise"})
MAX_BYTES = 20 * 1024 * 1024
# `x = !ls` or `t = %timeit f()` as well as plain `%matplotlib inline` and `!pip list`;
# not `!=` or `% 2`, which a line inside brackets may start with.
MAGIC_LINE = re.compile(r"^(\s*)(?:[\w.,\s]+=\s*)?(?:!(?!=)|%%?[A-Za-z])")
PYTHON_CELL_MAGICS = ("%%time", "%%capture", "%%timeit")


@dataclass(frozen=True)
class Cell:
    index: int  # 1-based among the submission's code cells, as a student counts them
    source: str


@dataclass(frozen=True)
class Submission:
    path: Path
    cells: list[Cell]


def strip_magics(source: str) -> str | None:
    """Plain Python from an IPython cell; None for a cell in another language (%%bash).

    A cell that is already valid Python is left alone: only IPython's syntax is dropped.
    """
    try:
        compile(source, "<cell>", "exec")
        return source
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass  # not plain Python: IPython's syntax, or an error the child will report
    lines = source.splitlines()
    if lines and lines[0].startswith("%%"):
        if not lines[0].startswith(PYTHON_CELL_MAGICS):
            return None
        lines[0] = ""
    # `pass` keeps indentation and line numbers where a magic stood inside a block.
    kept = [MAGIC_LINE.sub(r"\1pass  # ", line) if MAGIC_LINE.match(line) else line
            for line in lines]
    return "\n".join(kept)


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise LoadError(f"no such file: {path}")
    if path.stat().st_size > MAX_BYTES:
        raise LoadError(f"{path.name} is larger than {MAX_BYTES // 2**20} MiB")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(f"{path.name} is not UTF-8 text (byte {error.start})") from None


def _notebook_cells(path: Path, text: str) -> list[Cell]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise LoadError(f"{path.name} is not a notebook: it is not valid JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")),
                                                    list):
        raise LoadError(f"{path.name} is not a notebook: it is JSON without a list of cells")
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises several kinds for a malformed notebook
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LoadError(f"{path.name} is not a valid notebook: {reason}") from None
    cells = []
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        if SKIPPED_TAGS & set(cell.metadata.get("tags", ())):
            continue
        source = strip_magics(cell.source)
        if source is not None and source.strip():
            cells.append(Cell(number, source))
    return cells


def load(path: Path | str) -> Submission:
    """Read a submission's code; raise LoadError when it is not a gradable file."""
    path = Path(path)
    text = _read_text(path)
    if path.suffix == ".ipynb":
        cells = _notebook_cells(path, text)
    elif path.suffix == ".py":
        cells = [Cell(1, text)]
    else:
        raise LoadError(f"{path.name}: a submission is a notebook (.ipynb) or a Python file (.py)")
    return Submission(path, cells)
