"""Convergence on fresh tasks: how often the reference fails a run, and how often an answer
fixed in advance passes a check.

For each convergence check (backprop's XOR family and Iris, training's Pima) it draws
--draws grading runs; in each, every run of the check trains with the reference in this
process (trusted code: the course's own), each on its own fresh variant of the task. It
prints the share of runs that did not learn and the grading runs the reference would
have failed (fewer than `required` runs learned). Then it replays answers fixed in
advance on the same draws: the network (or parameters) the reference trains on the
published task, returned whatever the data, and for the XOR family the fixed rule "XOR
of the inputs' signs", with XOR or XNOR guessed right. These are figures, not tests.

    python bench/fresh_tasks.py [--draws 300]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from autograder.checks import Converges, Evidence
from autograder.load import load
from autograder.run import harness
from autograder.run.protocol import Call, Reply
from autograder.suites import get_suite

ROOT = Path(__file__).resolve().parents[1]


def reference(assignment: str) -> dict:
    namespace: dict = {"__name__": "reference"}
    for cell in load(ROOT / "solutions" / assignment / f"{assignment}.ipynb").cells:
        exec(compile(cell.source, f"cell {cell.index}", "exec"), namespace)  # noqa: S102
    return namespace


def reply(call: Call, namespace: dict) -> Reply:
    return Reply.from_json(harness.make_call(json.loads(json.dumps(call.to_json(0))), namespace))


def signs_rule(data: list[list[float]], targets: list[list[float]]) -> bool:
    """Whether XOR (or XNOR) of the inputs' signs classifies every drawn point."""
    x, y = np.array(data), np.array(targets)[:, 0]
    guess = ((x[:, 0] > 0) != (x[:, 1] > 0)).astype(float)
    return bool(np.all(guess == y) or np.all(guess == 1 - y))


def measure(check: Converges, namespace: dict, draws: int) -> None:
    started = time.perf_counter()
    runs = failed_runs = failed_checks = 0
    for draw in range(draws):
        trial = check.prepare(np.random.default_rng(draw))
        replies = [reply(call, namespace) for call in trial.calls]
        verdict = trial.judge(Evidence(replies))
        learned = sum(t.accuracy >= check.tasks[0].accuracy for t in verdict.training)
        runs += len(replies)
        failed_runs += len(replies) - learned
        failed_checks += not verdict.passed
    seconds = time.perf_counter() - started
    print(f"{check.name}: {draws} draws, {runs} runs of the reference ({seconds / runs:.3f} s "
          f"each): {failed_runs} runs did not learn ({failed_runs / runs:.2%}); the check "
          f"failed {failed_checks} draws")
    task = check.tasks[0]
    published = check.call(task, check.seeds[0])
    answer = reply(published, namespace).value  # trained on the published task
    passes = sum(check.prepare(np.random.default_rng(draw)).judge(
        Evidence([Reply(value=answer)] * len(check.seeds))).passed for draw in range(draws))
    print(f"  the answer trained on the published {task.name}, returned for any data: "
          f"passes {passes} of {draws} draws")
    if task.sizes[0] == 2:
        per_run = [signs_rule(data.x_train, data.y_train)
                   for draw in range(draws)
                   for _, data in check.runs(np.random.default_rng(draw))]
        print(f"  XOR of the inputs' signs, XOR or XNOR guessed right: right on "
              f"{np.mean(per_run):.1%} of runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=300)
    args = parser.parse_args()
    for assignment in ("backprop", "training"):
        namespace = reference(assignment)
        for question in get_suite(assignment).questions:
            for check in question.checks:
                if isinstance(check, Converges):
                    measure(check, namespace, args.draws)


if __name__ == "__main__":
    main()
