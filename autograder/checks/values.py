"""Checks that compare returned values: with published numbers, or with the reference.

`Example` holds its expected values (worked examples, the course's fixtures) and can run
anywhere. `Hidden` draws fresh random arguments for each grading run and takes its
expected values from the reference, so its numbers never appear in feedback.

Drawn numbers are sent as single precision holds them exactly: a correct solution in
float32 then loses nothing to rounding its arguments, which no tolerance could absorb
where an answer cancels them (an output delta a - y with a close to y). A float64
solution and the reference compute on the very same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
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
                comparison = compare(reply.value, case.expected, self.form, self.rtol,
                                     single=evidence.single)
                if not comparison.passed:
                    return Verdict(False, f"{case.label}: {comparison.message}")
            return PASS

        return Trial(calls, judge)


SINGLE_MAX = float(np.finfo(np.float32).max)


def single(value: Any) -> Any:
    """The value with every float replaced by the nearest number float32 holds."""
    if isinstance(value, float):
        return float(np.float32(value)) if abs(value) <= SINGLE_MAX else value
    if isinstance(value, (list, tuple)):
        return type(value)(single(v) for v in value)
    if isinstance(value, dict):
        return {k: single(v) for k, v in value.items()}
    return value


def exact_in_single(call: Call) -> Call:
    return replace(call, args=single(call.args), kwargs=single(call.kwargs))


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
        calls = [exact_in_single(call) for call in self.draw(rng)]

        def judge(evidence: Evidence) -> Verdict:
            expected = reference_values(evidence, calls)
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, f"on {self.describe}, {trouble}")
            for reply, wanted in zip(evidence.replies, expected):
                comparison = compare(reply.value, wanted, self.form, self.rtol, reveal=False,
                                     single=evidence.single)
                if not comparison.passed:
                    return Verdict(False, f"on {self.describe}, {comparison.message}")
            return PASS

        return Trial(calls, judge)
