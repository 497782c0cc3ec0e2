"""Which checks of a question earn their points: the one scoring rule of every assignment.

A value check pays when it passes. A condition (argument not mutated, one call per
value, follows the seed: `Check.condition`) says how a correct answer must be computed,
not that it is correct: a stub that returns its argument untouched meets "not mutated".
So a condition that holds pays only when every value check of its question that ran
passed too; otherwise it earns nothing and says which of them failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from autograder.checks.base import Check, Verdict


@dataclass(frozen=True)
class Award:
    """What one check of a question earned, and the message a student reads."""

    points: float
    message: str


def quoted(names: Sequence[str]) -> str:
    """'a', 'a' and 'b', 'a', 'b' and 'c': check names, which may hold commas, quoted."""
    marked = [f'"{name}"' for name in names]
    return marked[0] if len(marked) == 1 else f"{', '.join(marked[:-1])} and {marked[-1]}"


def award(checks: Sequence[Check], verdicts: Sequence[Verdict]) -> list[Award]:
    """The points of each check of one question, in order, given every check's verdict."""
    values = [(check, verdict) for check, verdict in zip(checks, verdicts)
              if not check.condition]
    failed = [check.name for check, verdict in values if not verdict.passed]
    awards = []
    for check, verdict in zip(checks, verdicts):
        if not verdict.passed:
            awards.append(Award(0.0, verdict.message))
        elif not check.condition:
            awards.append(Award(check.points, verdict.message))
        elif not values:
            awards.append(Award(0.0, "holds, but earns its points only with correct values, "
                                     "and no check of this question's values ran here"))
        elif failed:
            awards.append(Award(0.0, "holds, but earns its points only with correct values: "
                                     f"{quoted(failed)} failed"))
        else:
            awards.append(Award(check.points, verdict.message))
    return awards
