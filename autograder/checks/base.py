"""What every check is: it prepares calls for the child, then judges what came back.

A check is declared once, as data, in a suite. For each grading run it draws what it
needs (fresh random cases) and returns a Trial: the calls to make and a judge that
holds whatever the draw kept to itself (a test split, the network it sent). The judge
sees the replies and, for hidden checks only, the reference's replies to the same calls.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograder.errors import ReferenceFailed
from autograder.report.model import Training
from autograder.run.protocol import Call, Reply


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str = ""
    training: tuple[Training, ...] = ()  # training runs worth showing the student


PASS = Verdict(True)


@dataclass(frozen=True)
class Evidence:
    """What a judge may look at."""

    replies: list[Reply]
    expected: list[Reply] | None = None  # the reference's replies, for hidden checks
    results_text: str | None = None  # results.txt beside the submission, if any
    single: bool = False  # the submission computes in single precision (compare.py)


@dataclass(frozen=True)
class Trial:
    calls: list[Call]
    judge: Callable[[Evidence], Verdict]
    # Given the replies so far (None: not yet), whether the rest cannot change the verdict;
    # then the calls still to come are not made. None: every call is always made.
    settled: Callable[[list[Reply | None]], bool] | None = None


class Check(ABC):
    """A named, weighted property of one function."""

    name: str
    points: float
    hidden: bool = False  # needs the reference solution
    reads_results: bool = False  # judges results.txt rather than the notebook's functions
    # A condition on a correct answer (not mutated, one call per value, follows the seed),
    # not a value: it pays only when the question's value checks pass (points.award).
    condition: bool = False

    @abstractmethod
    def prepare(self, rng: np.random.Generator) -> Trial: ...


def problem(replies: list[Reply], calls: list[Call]) -> str:
    """Why the student's replies cannot be judged (an exception, no answer); empty if they can."""
    for reply, call in zip(replies, calls):
        if not reply.ok:
            return reply.problem(call.function)
    return ""


def reference_values(evidence: Evidence, calls: list[Call]) -> list:
    """The reference's values for a hidden check; a reference that fails stops grading."""
    if evidence.expected is None:
        raise ReferenceFailed("a hidden check was judged without the reference's replies")
    for reply, call in zip(evidence.expected, calls):
        if not reply.ok:
            raise ReferenceFailed("the reference failed a hidden case: "
                                  f"{reply.problem(call.function)}")
    return [reply.value for reply in evidence.expected]
