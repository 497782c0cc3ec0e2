"""Check suites: one per assignment, its questions, points and checks declared as data."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads this package before it imports numpy
    from autograder.checks import Check


@dataclass(frozen=True)
class Question:
    """One function of the assignment (or one deliverable) and the checks that grade it."""

    name: str
    checks: tuple[Check, ...]
    depends_on: tuple[str, ...] = ()  # functions the student's version usually calls

    @property
    def points(self) -> float:
        return sum(check.points for check in self.checks)


@dataclass(frozen=True)
class Suite:
    name: str
    questions: tuple[Question, ...]
    solution: str  # the reference notebook, relative to the course directory

    @property
    def points(self) -> float:
        return sum(question.points for question in self.questions)

    def question(self, name: str) -> Question:
        return next(q for q in self.questions if q.name == name)

    def only(self, names: list[str]) -> Suite:
        """The suite restricted to some questions (a CI job per question); KeyError names
        the ones there are."""
        unknown = [n for n in names if n not in {q.name for q in self.questions}]
        if unknown:
            raise KeyError(f"no question {unknown[0]!r} in {self.name}; there are: "
                           f"{', '.join(q.name for q in self.questions)}")
        return replace(self, questions=tuple(q for q in self.questions if q.name in names))

    @property
    def public_points(self) -> dict[str, float]:
        """Each question's points that `autograder check` can award without the reference."""
        return {q.name: sum(c.points for c in q.checks if not c.hidden) for q in self.questions}


    @property
    def reads_results(self) -> bool:
        """Whether students hand in results.txt beside the notebook."""
        return any(check.reads_results for q in self.questions for check in q.checks)


DEFAULT = "backprop"


def assignments() -> list[str]:
    """The assignments there are: one module in this package each, holding its SUITE."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def get_suite(name: str) -> Suite:
    """The suite of an assignment by name; KeyError lists the ones there are."""
    if name not in assignments():
        raise KeyError(f"no assignment {name!r}; there are: {', '.join(assignments())}")
    return importlib.import_module(f"{__name__}.{name}").SUITE


def assignment_of(submission: Path) -> str:
    """The assignment a submission's file name names (`perceptron.ipynb`,
    `doejane_late_1234_perceptron.ipynb`), else the course's first one."""
    words = set(submission.stem.lower().replace("-", "_").split("_"))
    named = [name for name in assignments() if name in words]
    return named[0] if len(named) == 1 else DEFAULT
