"""Load a submission: a notebook or a .py file becomes the code cells to run, in order.

IPython magics and shell escapes are dropped (the child runs plain Python); cells
tagged `self-check` or `exercise` are skipped, because grading measures those things
itself. A file that cannot be read as a submission raises LoadError with a message
meant for the student.

Loading runs in the grader, before any limit applies to the student, so its work is
bounded and linear: the file is read as a regular file of at most MAX_BYTES, a notebook's
JSON is measured (nesting, values, numbers) before it is parsed, and its cells and code are
counted before nbformat reads it. Magics are found without regular expressions that
backtrack.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.errors import LoadError
from autograder.files import Refused, read_capped
from autograder.jsonshape import Shape, shape

# nbformat imports jsonschema, which imports a checker for every string format it knows
# when the optional package is there (the Jupyter server stack brings them all): the URI
# grammars of rfc3987-syntax alone cost 3 s, the rest 0.06 s of a 0.3 s start. The
# notebook schema checks none of these formats, so they are kept out while nbformat is
# imported, and importable again afterwards (a student's kernel imports this module).
OPTIONAL_FORMAT_CHECKERS = ("rfc3987_syntax", "rfc3987", "rfc3986_validator",
                            "rfc3339_validator", "fqdn", "idna", "webcolors", "jsonpointer",
                            "uri_template", "isoduration")
_kept_out = [name for name in OPTIONAL_FORMAT_CHECKERS if name not in sys.modules]
for _name in _kept_out:
    sys.modules[_name] = None  # type: ignore[assignment]  # "import name" raises ImportError
try:
    import nbformat
finally:
    for _name in _kept_out:
        if sys.modules.get(_name, False) is None:
            del sys.modules[_name]

SKIPPED_TAGS = frozenset({"self-check", "exercise"})
PYTHON_CELL_MAGICS = ("%%time", "%%capture", "%%timeit")
# What the grader reads of a submission. A notebook Jupyter saves nests about 6 deep, holds
# no number of more than 20 digits, and the course's hold under 100 cells, 3,000 JSON
# values and 15,000 characters of code.
MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64  # json.loads recurses per level, and RecursionError is a crash
MAX_DIGITS = 100  # int() of a long number is slow, and refused past 4,300 digits
MAX_VALUES = 250_000  # json.loads builds an object per value, nbformat checks each
MAX_CELLS = 10_000  # nbformat's check costs about 50 microseconds per cell
MAX_CELL_CHARS = 200_000  # the grader compiles every code cell (about 1 s per million)
MAX_CODE_CHARS = 500_000  # characters of code in all: a .py, or a notebook's code cells
# The targets of `x = !ls` or `a, b = %sx ...`: names, attributes, commas and spaces.
ASSIGNED = re.compile(r"[\w.,\s]+")


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
    kept = []
    for line in lines:
        indent = magic_indent(line)
        kept.append(line if indent is None else f"{line[:indent]}pass  # {line[indent:]}")
    return "\n".join(kept)


def magic_indent(line: str) -> int | None:
    """Where the IPython escape on this line starts its statement, or None for a line of
    Python: `%matplotlib inline`, `!pip list`, `x = !ls`, `t = %timeit f()`; not `!= 2` or
    `% 2`, which a line inside brackets may start with. Linear in the line's length."""
    statement = line.lstrip()
    if _escapes(statement):
        return len(line) - len(statement)
    targets, equals, value = statement.partition("=")
    if equals and targets and ASSIGNED.fullmatch(targets) and _escapes(value.lstrip()):
        return len(line) - len(statement)
    return None


def _escapes(text: str) -> bool:
    """Whether text starts with a shell escape (`!`, not `!=`) or a magic (`%name`, `%%name`)."""
    if text.startswith("!"):
        return not text.startswith("!=")
    name = text[2:3] if text.startswith("%%") else text[1:2] if text.startswith("%") else ""
    return name.isascii() and name.isalpha()


def _read(path: Path) -> tuple[bytes, str]:
    """The file's bytes and text: a regular file (a link only to one beside it), capped. A
    UTF-8 byte-order mark, which some editors on Windows write, is not part of the text."""
    if not os.path.lexists(path) or path.is_dir():
        raise LoadError(f"no such file: {path}")
    try:
        raw = read_capped(path, MAX_BYTES).removeprefix(codecs.BOM_UTF8)
    except Refused as refused:
        raise LoadError(str(refused)) from None
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(f"{path.name} is not UTF-8 text (byte {error.start})") from None


def _check_shape(name: str, raw: bytes) -> None:
    """Refuse JSON whose parsing alone would cost the grader too much, or crash it."""
    cells = raw.count(b'"cell_type"')  # at least one per cell of a valid notebook
    if cells > MAX_CELLS:
        raise LoadError(_too_many_cells(name, cells))
    measured = shape(raw, Shape(MAX_DEPTH, MAX_VALUES, MAX_DIGITS))
    unlike = f"{name} is not a notebook the grader reads: its JSON"
    if measured.depth > MAX_DEPTH:
        raise LoadError(f"{unlike} nests lists and objects more than {MAX_DEPTH} deep "
                        "(a notebook saved by Jupyter nests about 6)")
    if measured.digits > MAX_DIGITS:
        raise LoadError(f"{unlike} holds a number of more than {MAX_DIGITS} digits")
    if measured.values > MAX_VALUES:
        raise LoadError(f"{unlike} holds more than {MAX_VALUES:,} values: clear its outputs "
                        "(Kernel > Restart & Clear Output) and save it again")


def _too_many_cells(name: str, cells: int) -> str:
    return (f"{name} has {cells:,} cells, more than the {MAX_CELLS:,} the grader reads: "
            "merge or delete cells and save it again")


def _raw_cells(data: dict[str, Any]) -> list[Any]:
    """The cells of parsed notebook JSON, of format 4 or of format 3 (worksheets)."""
    if "cells" in data:
        return data["cells"]
    return [cell for sheet in data["worksheets"] if isinstance(sheet, dict)
            and isinstance(sheet.get("cells"), list) for cell in sheet["cells"]]


def _trim(name: str, cells: list[Any]) -> None:
    """Check the cells' number and code size, and drop their outputs and attachments, which
    grading never reads and nbformat would check one by one (300,000 outputs: 11 s)."""
    if len(cells) > MAX_CELLS:
        raise LoadError(_too_many_cells(name, len(cells)))
    number = total = 0
    for cell in cells:
        if not isinstance(cell, dict):
            continue  # nbformat says what is wrong with it
        cell.pop("attachments", None)
        if isinstance(cell.get("outputs"), list):
            cell["outputs"] = []
        if cell.get("cell_type") != "code":
            continue
        number += 1
        size = _length(cell.get("source", cell.get("input", "")))
        if size > MAX_CELL_CHARS:
            raise LoadError(f"{name}: code cell {number} holds {size:,} characters, more "
                            f"than the {MAX_CELL_CHARS:,} a code cell may hold")
        total += size
    if total > MAX_CODE_CHARS:
        raise LoadError(_too_much_code(name, total))


def _length(source: object) -> int:
    """The characters of a cell's source, a string or a list of lines (0 if neither: nbformat
    says what is wrong with it)."""
    if isinstance(source, str):
        return len(source)
    if isinstance(source, list):
        return sum(len(line) for line in source if isinstance(line, str))
    return 0


def _too_much_code(name: str, characters: int) -> str:
    return (f"{name} holds {characters:,} characters of code, more than the "
            f"{MAX_CODE_CHARS:,} a submission may hold")


def _notebook_cells(path: Path, raw: bytes, text: str) -> list[Cell]:
    _check_shape(path.name, raw)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # RecursionError: the depth is checked
        raise LoadError(f"{path.name} is not a notebook: it is not valid JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")),
                                                    list):
        raise LoadError(f"{path.name} is not a notebook: it is JSON without a list of cells")
    for key in ("nbformat", "nbformat_minor"):
        if key in data and type(data[key]) is not int:
            raise LoadError(f"{path.name} is not a valid notebook: its {key} is not a whole "
                            "number")
    _trim(path.name, _raw_cells(data))
    invalid: dict[str, Exception] = {}  # nbformat.reads checks the notebook, once
    try:
        notebook = nbformat.reads(json.dumps(data), as_version=4,
                                  capture_validation_error=invalid)
    except Exception as error:  # nbformat raises several kinds for a malformed notebook
        raise LoadError(_invalid(path.name, error)) from None
    if "ValidationError" in invalid:
        raise LoadError(_invalid(path.name, invalid["ValidationError"]))
    cells = []
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        if SKIPPED_TAGS & set(cell.metadata.get("tags", ())):
            continue
        source = strip_magics(cell.source)
        if source is not None and source.strip():
            cells.append(Cell(number, source))
    return cells


def _invalid(name: str, error: Exception, most: int = 300) -> str:
    """Why nbformat refused the notebook: the first line of its reason, which may quote the
    student's file, cut to a line a student reads."""
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    if len(reason) > most:
        reason = f"{reason[:most]}... (cut)"
    return f"{name} is not a valid notebook: {reason}"


def load(path: Path | str) -> Submission:
    """Read a submission's code; raise LoadError when it is not a gradable file."""
    path = Path(path)
    raw, text = _read(path)
    if path.suffix == ".ipynb":
        cells = _notebook_cells(path, raw, text)
    elif path.suffix == ".py":
        if len(text) > MAX_CODE_CHARS:
            raise LoadError(_too_much_code(path.name, len(text)))
        cells = [Cell(1, text)]
    else:
        raise LoadError(f"{path.name}: a submission is a notebook (.ipynb) or a Python file (.py)")
    return Submission(path, cells)
