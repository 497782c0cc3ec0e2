"""Diagnosis: which known mistake a wrong answer is, named as a hint a student can act on.

The catalog lives with the solutions (solutions/<assignment>/mistakes/), one file per
mistake: FUNCTION (the function it breaks), HINT (what to tell the student) and that
function written with the mistake. It is the course's own code, so the grader runs it in
its own process, on the very arguments the student's function was given, and compares:
when a mistake gives the student's values on every call of a failed check, that is the
diagnosis. A mistake whose answers are random (a seed ignored) cannot be replayed: its
file says how to recognise it instead, with `recognize(calls, replies)` over plain data.
Hidden cases stay hidden: a hint names a mistake, never a number.
"""

from __future__ import annotations

import json
import runpy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from autograder.compare import RTOL, rel_error
from autograder.run import harness
from autograder.run.protocol import Call, Reply


@dataclass(frozen=True)
class Mistake:
    name: str
    function: str
    hint: str
    implementation: Callable[..., Any]
    recognize: Callable[[list[dict], list[dict]], bool] | None = None


def load_catalog(folder: Path) -> list[Mistake]:
    """Every mistake in a catalog folder; none when the folder is not there."""
    mistakes = []
    for path in sorted(folder.glob("*.py")):
        namespace = runpy.run_path(str(path))  # the course's own code, as trusted as the reference
        function = namespace["FUNCTION"]
        mistakes.append(Mistake(path.stem, function, namespace["HINT"], namespace[function],
                                namespace.get("recognize")))
    return mistakes


def _flat(value: Any) -> tuple[list[tuple[int, ...]], list[float]] | None:
    """The shape of a nested list (its lengths, in walking order) and its numbers."""
    shape: list[tuple[int, ...]] = []
    numbers: list[float] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            shape.append((len(item),))
            stack.extend(reversed(item))
        elif isinstance(item, float):
            numbers.append(item)
        else:
            return None
    return shape, numbers


def same(a: Any, b: Any, rtol: float = RTOL) -> bool:
    """Two plain values of the same layout whose numbers agree within the tolerance."""
    flat_a, flat_b = _flat(a), _flat(b)
    if flat_a is None or flat_b is None or flat_a[0] != flat_b[0]:
        return False
    numbers_a, numbers_b = np.array(flat_a[1]), np.array(flat_b[1])
    return numbers_a.size == 0 or bool(np.all(rel_error(numbers_a, numbers_b) <= rtol))


def _run(mistake: Mistake, call: Call) -> Reply:
    """What the mistaken function answers to a call, in the form a child's reply has."""
    plain = json.loads(json.dumps(call.to_json(0)))  # its own copy: the mistake may mutate it
    reply = harness.make_call(plain, {call.function: mistake.implementation})
    return Reply.from_json(reply)


def _matches(mistake: Mistake, call: Call, reply: Reply) -> bool:
    expected = _run(mistake, call)
    if expected.failure or reply.failure:
        return bool(expected.failure and reply.failure
                    and expected.failure.type == reply.failure.type)
    if not (expected.ok and reply.ok and same(reply.value, expected.value)):
        return False
    return not call.echo_args or same(reply.args_after, expected.args_after)


def diagnose(catalog: list[Mistake], calls: list[Call], replies: list[Reply]) -> Mistake | None:
    """The mistake that answers every call of a failed check as the student did, if any."""
    if not calls or any(reply.lost or reply.unsupported for reply in replies):
        return None
    function = calls[0].function
    plain_calls = [call.to_json(i) for i, call in enumerate(calls)]
    plain_replies = [{"value": r.value, "args_after": r.args_after,
                      "callable_calls": list(r.callable_calls),
                      "error": r.failure.type if r.failure else None} for r in replies]
    for mistake in catalog:
        if mistake.function != function:
            continue
        try:
            if mistake.recognize is not None:
                if mistake.recognize(plain_calls, plain_replies):
                    return mistake
            elif all(_matches(mistake, c, r) for c, r in zip(calls, replies)):
                return mistake
        except Exception:  # noqa: BLE001 - a catalog entry that breaks is no diagnosis
            continue
    return None
