"""Self-checks inside the student's notebook: the public checks of one function, run here.

The student's own kernel runs their own code, so nothing needs isolating: the calls go
straight to the function's namespace, through the same harness code the child uses, and
the same judges decide. `check(sigmoid)` prints PASS/FAIL lines and raises when a check
fails, so that nbgrader scores the cell 0; a skeleton that still raises
NotImplementedError re-raises it, which is what the student should read first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from autograder.checks import Evidence
from autograder.pipeline import read_results
from autograder.report.text import points
from autograder.run import harness
from autograder.run.protocol import Reply
from autograder.suites import get_suite


def check(target: Callable | str, assignment: str = "backprop") -> None:
    """Run the public checks of a function (or of "results.txt") and print what they find."""
    suite = get_suite(assignment)
    name = target if isinstance(target, str) else target.__name__
    question = suite.question(name)
    namespace = {} if isinstance(target, str) else target.__globals__
    results_text = read_results(Path(name)) if isinstance(target, str) else None
    if isinstance(target, str) and results_text is None:
        raise NotImplementedError(f"{name} has not been written yet: run the exercises above")
    rng = np.random.default_rng()
    failed, unimplemented, total = [], True, 0.0
    for item in question.checks:
        if item.hidden:
            continue
        trial = item.prepare(rng)
        replies = [Reply.from_json(harness.make_call(call.to_json(i), namespace))
                   for i, call in enumerate(trial.calls)]
        verdict = trial.judge(Evidence(replies, None, results_text))
        total += item.points
        print(f"{'PASS' if verdict.passed else 'FAIL'} {item.name}")
        if not verdict.passed:
            print(f"     {verdict.message}")
            failed.append(item)
            unimplemented &= any(r.failure and r.failure.type == "NotImplementedError"
                                 for r in replies)
    if failed and unimplemented:
        raise NotImplementedError(f"{name} is not implemented yet")
    if failed:
        lost = sum(item.points for item in failed)
        raise AssertionError(f"{len(failed)} public check(s) of {name} fail: "
                             f"{points(total - lost)}/{points(total)} public points")
    print(f"{name}: every public check passes ({points(total)} points; hidden cases are "
          "graded later)")
