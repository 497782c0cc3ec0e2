"""Which assignment a submission is for, when the instructor does not say.

The name decides only when it says so: the assignment's own name (`perceptron.ipynb`), or
an LMS's name ending in it (`doejane_late_1234_5678_perceptron.ipynb`). Otherwise the
functions the file defines decide (`hw2.ipynb` that defines `train_perceptron` is the
perceptron's). A class is the assignment most of its submissions are.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from autograder.load import LoadError, load
from autograder.suites import DEFAULT, assignments, get_suite


@dataclass(frozen=True)
class Guess:
    assignment: str
    how: str  # "named", "functions", "default", or "empty" (no function defined at all)
    defined: frozenset[str] = frozenset()  # the assignment's functions the file defines

    def told(self, shown: str) -> str:
        """What to tell the user about a guess not made from the name ("" for one that was,
        and for the default assignment when the file defines its functions)."""
        if self.how == "functions" and self.assignment != DEFAULT:
            return (f"graded as {self.assignment}: {shown} defines its functions "
                    f"({', '.join(sorted(self.defined))}); --assignment chooses another")
        if self.how == "default":
            return (f"graded as {self.assignment}: {shown} names no assignment and defines "
                    "none of their functions; --assignment chooses another")
        return ""


def named(path: Path) -> str | None:
    """The assignment the file's name says: its stem, or the end of an LMS's name."""
    stem = path.stem.lower()
    for name in assignments():
        if stem == name or re.search(rf"[_\-\s]{re.escape(name)}$", stem):
            return name
    return None


def defined_functions(path: Path) -> set[str]:
    """The names of the functions a submission defines at the top of its cells."""
    try:
        cells = load(path).cells
    except LoadError:
        return set()
    found = set()
    for cell in cells:
        try:
            tree = ast.parse(cell.source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        found |= {node.name for node in tree.body
                  if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    return found


def functions_of(assignment: str) -> set[str]:
    return {q.name for q in get_suite(assignment).questions if q.name != "results.txt"}


def by_functions(defined: set[str]) -> tuple[str, frozenset[str]] | None:
    """The assignment whose functions the file defines most of, if one stands out."""
    counts = {name: defined & functions_of(name) for name in assignments()}
    best = max((len(found) for found in counts.values()), default=0)
    leaders = [name for name, found in counts.items() if len(found) == best]
    if best == 0 or len(leaders) != 1:
        return None
    return leaders[0], frozenset(counts[leaders[0]])


def guess(path: Path) -> Guess:
    """The assignment of one submission. A file that defines no function at all (or
    cannot be read) is the default's, silently: its report says what it lacks."""
    name = named(path)
    if name is not None:
        return Guess(name, "named")
    defined = defined_functions(path)
    found = by_functions(defined)
    if found is not None:
        return Guess(found[0], "functions", found[1])
    return Guess(DEFAULT, "default" if defined else "empty")


def mismatch(path: Path, assignment: str) -> str:
    """What to tell when the file defines another assignment's functions and none of this
    one's ("" otherwise)."""
    defined = defined_functions(path)
    if defined & functions_of(assignment):
        return ""
    found = by_functions(defined)
    if found is None or found[0] == assignment:
        return ""
    return (f"this file defines none of {assignment}'s functions but those of {found[0]} "
            f"({', '.join(sorted(found[1]))}): was it handed in for {found[0]}? "
            f"Grade it with --assignment {found[0]}")


def of_class(paths: list[Path]) -> str | None:
    """The assignment most of a class's submissions are for (None for no submissions)."""
    votes = Counter(g.assignment for g in map(guess, paths) if g.how != "default")
    if not votes:
        return None
    (first, n), *rest = votes.most_common()
    return first if not rest or rest[0][1] < n else None
