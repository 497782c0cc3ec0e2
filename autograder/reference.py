"""The reference solution's answers to the hidden calls, worked out in the grader's process.

The reference is the course's own code, as trusted as the catalog of mistakes, so it
needs no sandbox: it runs here, in a namespace of its own, through the child's harness
(the same call and conversion rules), and its answers have exactly the form of a child's
replies. Each call gets its own copy of the arguments, so that the reference cannot
change what the submission is sent. Running it here saves a grading a child's start.
"""

from __future__ import annotations

import builtins
import io
import json
import random
from pathlib import Path
from typing import Any

import numpy as np

from autograder.checks import ReferenceFailed
from autograder.load import Cell, load
from autograder.run import harness
from autograder.run.protocol import Call, Reply


def _quiet_builtins(printed: io.StringIO) -> dict[str, Any]:
    """Builtins whose print writes aside: the grader's stdout may be a results.json."""
    def quiet_print(*args: Any, **kwargs: Any) -> None:
        kwargs["file"] = printed
        builtins.print(*args, **kwargs)

    return {**vars(builtins), "print": quiet_print}


def answers(cells: list[Cell], calls: list[Call]) -> list[Reply]:
    """The reference's replies to the calls; ReferenceFailed when one of its cells raises.

    The global random generators are seeded as in a child and restored afterwards."""
    failures: list[dict[str, Any]] = []
    namespace = {"__name__": "reference", "__builtins__": _quiet_builtins(io.StringIO())}
    saved = random.getstate(), np.random.get_state()
    try:
        random.seed(0)
        harness.run_cells([{"index": c.index, "source": c.source} for c in cells], namespace,
                          failures.append)
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
