"""Checks that compare returned values: with published numbers, or with the reference.

`Example` holds its expected values (worked examples, the course's fixtures) and can run
anywhere. `Hidden` draws fresh random arguments for each grading run and takes its
expected values from the reference, so its numbers never appear in feedback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.checks.base import (
    PASS,
    Check,
    Evidence,
    Trial,
    Verdict,
    problem,
    reference_values,
)
from autograder.compare import RTOL, Form, compare
from autograder.run.protocol import Call


@dataclass(frozen=True)
class Case:
    """One call with the value it must return; `label` says in words what is being called."""

    label: str
    call: Call
    expected: Any


@dataclass(frozen=True)
class Example(Check):
    """Published numbers: each case's result must match its expected value."""

    name: str
    points: float
    cases: tuple[Case, ...]
    form: Form
    rtol: float = RTOL

    def prepare(self, rng: np.random.Generator) -> Trial:
        calls = [case.call for case in self.cases]

        def judge(evidence: Evidence) -> Verdict:
            for case, reply in zip(self.cases, evidence.replies):
                if not reply.ok:
                    return Verdict(False, f"{case.label}: {reply.problem(case.call.function)}")
                comparison = compare(reply.value, case.expected, self.form, self.rtol)
                if not comparison.passed:
                    return Verdict(False, f"{case.label}: {comparison.message}")
            return PASS

        return Trial(calls, judge)


@dataclass(frozen=True)
class Hidden(Check):
    """The reference's answer on arguments drawn fresh for each grading run."""

    name: str
    points: float
    draw: Callable[[np.random.Generator], list[Call]]
    form: Form
    describe: str  # what was called, without its numbers: "a random 3-5-4-2 network"
    rtol: float = RTOL
    hidden: bool = True

    def prepare(self, rng: np.random.Generator) -> Trial:
        calls = self.draw(rng)

        def judge(evidence: Evidence) -> Verdict:
            expected = reference_values(evidence, calls)
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, f"on {self.describe}, {trouble}")
            for reply, wanted in zip(evidence.replies, expected):
                comparison = compare(reply.value, wanted, self.form, self.rtol, reveal=False)
                if not comparison.passed:
                    return Verdict(False, f"on {self.describe}, {comparison.message}")
            return PASS

        return Trial(calls, judge)
