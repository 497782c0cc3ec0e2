"""The reference solution's answers to the hidden calls, worked out in the grader's process.

The reference is the course's own code, as trusted as the catalog of mistakes, so it
needs no sandbox: it runs here, in a namespace of its own, through the child's harness
(the same call and conversion rules), and its answers have exactly the form of a child's
replies. Each call gets its own copy of the arguments, so that the reference cannot
change what the submission is sent. Running it here saves a grading a child's start.

Its own time for each call sets that call's time limit for a submission (`Timing`): the
hidden calls' times come with their answers; another call (a worked example, a training
run) is timed only when a submission's call has run past the floor of its limit, so that
a submission that runs no call that long costs no second reference run.
"""

from __future__ import annotations

import builtins
import io
import json
import random
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from autograder.checks import ReferenceFailed
from autograder.load import Cell, LoadError, load
from autograder.run import harness
from autograder.run.protocol import Call, Reply


def _quiet_builtins(printed: io.StringIO) -> dict[str, Any]:
    """Builtins whose print writes aside: the grader's stdout may be a results.json."""
    def quiet_print(*args: Any, **kwargs: Any) -> None:
        kwargs["file"] = printed
        builtins.print(*args, **kwargs)

    return {**vars(builtins), "print": quiet_print}


# The global random generators are seeded and restored around each run of the reference:
# one run at a time.
RUNNING = threading.Lock()


def answers(cells: list[Cell], calls: list[Call]) -> list[Reply]:
    """The reference's replies to the calls; ReferenceFailed when one of its cells raises.

    The global random generators are seeded as in a child and restored afterwards."""
    failures: list[dict[str, Any]] = []
    namespace = {"__name__": "reference", "__builtins__": _quiet_builtins(io.StringIO())}
    with RUNNING:
        saved = random.getstate(), np.random.get_state()
        try:
            random.seed(0)
            harness.run_cells([{"index": c.index, "source": c.source} for c in cells],
                              namespace, failures.append)
            np.random.seed(0)
            replies = [harness.make_call(json.loads(json.dumps(call.to_json(i))), namespace)
                       for i, call in enumerate(calls)]
        finally:
            random.setstate(saved[0])
            np.random.set_state(saved[1])
    errors = [f["error"] for f in failures] + [r["error"] for r in replies if "error" in r]
    if any(error["type"] == "KeyboardInterrupt" for error in errors):
        raise KeyboardInterrupt  # the user's Ctrl-C, which the harness caught as the cell's
    if failures:
        error = failures[0]["error"]
        raise ReferenceFailed(f"code cell {failures[0]['index']} of the reference raised "
                              f"{error['type']}: {error['message']}")
    return [Reply.from_json(reply) for reply in replies]


def answers_of(path: Path, calls: list[Call]) -> list[Reply]:
    """The replies of the reference notebook (or .py) at `path`."""
    return answers(load(path).cells, calls)


class Timing:
    """The reference's own seconds for each call of a submission's plan (by position in
    `calls`): those of the hidden calls, whose `replies` were worked out, and the others'
    measured when first asked, one call at a time, each once."""

    def __init__(self, path: Path, calls: Sequence[Call], hidden: Sequence[Call] = (),
                 replies: Sequence[Reply] = ()) -> None:
        self.path, self.calls = path, list(calls)
        answered = {id(call): reply for call, reply in zip(hidden, replies)}
        self.seconds: dict[int, float | None] = {
            i: answered[id(call)].seconds for i, call in enumerate(self.calls)
            if id(call) in answered}
        self.lock = threading.Lock()
        self.cells: list[Cell] | None = None

    def __call__(self, position: int) -> float | None:
        """The reference's seconds for the call at `position`; None if it cannot run it."""
        with self.lock:
            if position not in self.seconds:
                self.seconds[position] = self._measure(self.calls[position])
            return self.seconds[position]

    def _measure(self, call: Call) -> float | None:
        try:
            if self.cells is None:
                self.cells = load(self.path).cells
            (reply,) = answers(self.cells, [call])
        except (ReferenceFailed, LoadError, OSError):
            return None
        return reply.seconds if reply.failure is None else None
