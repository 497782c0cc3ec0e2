"""A submission's own files beside its main one: the modules it imports, the files it names.

Students split their work: `from randomness import seeded` needs the randomness.py they
wrote, and `np.loadtxt("weights.csv")` the file they saved. Only what the code asks for
is taken, and only from the student's own folder: the modules it imports (and those
these import), and files whose plain name appears in the code as a string. Each is read
as files.py reads for a student (a regular file, inside the folder, capped), never from
a folder the grader hides (the reference's), and goes into the child's folder, where the
submission's code imports and opens it.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

from autograder.files import Refused, inside, read_capped

MAX_FILES = 32
MAX_FILE_BYTES = 2 * 2**20
MAX_TOTAL_BYTES = 8 * 2**20
RESERVED = {"harness.py"}  # the child's own file
NOT_DATA = {".py", ".ipynb", ".pyc"}  # modules come by import; notebooks are submissions


@dataclass
class Companions:
    """The files to put beside the submission's code, by plain file name, and what the
    code asked for that was not taken, with the reason (for the student)."""

    files: dict[str, bytes] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    def about_module(self, module: str) -> str:
        """What to tell a student whose code could not import `module`."""
        name = f"{module}.py"
        if name in self.refused:
            return f"{name} was handed in but not used: {self.refused[name]}"
        if name in self.files:
            return f"{name} was handed in and is beside the code"
        return f"no {name} was handed in with the submission"


def _tree(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # the grading says so when the code runs


def imported(tree: ast.AST) -> list[str]:
    """The top-level names of the modules the code imports, in order."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level and not node.module:  # from . import helpers
                names += [alias.name for alias in node.names]
            elif node.module:
                names.append(node.module.split(".")[0])
    return list(dict.fromkeys(names))


def named_files(tree: ast.AST) -> list[str]:
    """Plain file names that appear in the code as strings ("weights.csv")."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and 0 < len(node.value) <= 255 and "." in node.value
                and "/" not in node.value and "\\" not in node.value
                and "\0" not in node.value and node.value not in (".", "..")
                and Path(node.value).suffix.lower() not in NOT_DATA):
            found.append(node.value)
    return list(dict.fromkeys(found))


def companions(sources: list[str], folder: Path | None, main: Path | None = None,
               hidden: tuple[Path, ...] = ()) -> Companions:
    """The files in `folder` that the code in `sources` imports or names, transitively
    through the modules taken. `main` is the submission itself, never taken again;
    nothing inside a `hidden` folder is taken."""
    found = Companions()
    if folder is None:
        return found
    total = 0
    queue = list(sources)
    asked: set[str] = set()
    while queue:
        tree = _tree(queue.pop(0))
        if tree is None:
            continue
        wanted = [f"{m}.py" for m in imported(tree)
                  if m not in sys.stdlib_module_names and m not in sys.builtin_module_names]
        for name in [*wanted, *named_files(tree)]:
            if name in asked:
                continue
            asked.add(name)
            path = folder / name
            if not path.is_symlink() and not path.exists():
                continue  # a package from the environment, or a file the code writes
            if main is not None and path == main or name in RESERVED:
                continue
            why = _refusal(path, folder, hidden, len(found.files), total)
            if why is None:
                try:
                    content = read_capped(path, MAX_FILE_BYTES, folder)
                except Refused as refused:
                    why = str(refused)
                else:
                    if total + len(content) > MAX_TOTAL_BYTES:
                        why = (f"the files handed in beside the code may hold "
                               f"{MAX_TOTAL_BYTES // 2**20} MiB in all")
            if why is not None:
                found.refused[name] = why
                continue
            found.files[name] = content
            total += len(content)
            if name.endswith(".py"):
                queue.append(content.decode("utf-8-sig", "replace"))
    return found


def _refusal(path: Path, folder: Path, hidden: tuple[Path, ...], count: int,
             total: int) -> str | None:
    if any(inside(path, secret) for secret in hidden):
        return "it is not the student's file"
    if count >= MAX_FILES:
        return f"at most {MAX_FILES} files beside the code are taken"
    if total >= MAX_TOTAL_BYTES:
        return (f"the files handed in beside the code may hold {MAX_TOTAL_BYTES // 2**20} "
                "MiB in all")
    return None
