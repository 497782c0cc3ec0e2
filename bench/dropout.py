"""Dropout's mask statistics on correct masks: how many fail, and how close they come.

Draws --trials sets of CALLS Bernoulli masks on the check's LARGE array, each with a p
drawn as the check draws it, and judges them with the check's own statistics
(DropoutBehaves.bernoulli, and the count of units kept). Prints the failures, and the
largest deviation of each statistic seen, as a share of what the check allows (1.0 would
fail). tests/test_training_dropout.py bounds the failure rate exactly; this samples it.
Then grades the dropout of each correct variant in tests/training/ on --variants fresh
draws of the check itself, through the child's call routine.

    python bench/dropout.py [--trials 100000] [--variants 200]
"""

from __future__ import annotations

import argparse
import json
import runpy
import time
from pathlib import Path

import numpy as np

from autograder.checks import Evidence
from autograder.checks.dropout import (
    CALLS,
    LARGE,
    NEIGHBOURS,
    P_RANGE,
    RATES,
    SIGMAS,
    DropoutBehaves,
    mixed_neighbours,
    spread,
)
from autograder.run import harness
from autograder.run.protocol import Reply

ROOT = Path(__file__).resolve().parents[1]


def sampled(trials: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    worst = {"count": 0.0, "neighbours": 0.0, "rates": 0.0}
    failures = 0
    start = time.perf_counter()
    for _ in range(trials):
        p = float(rng.uniform(*P_RANGE))
        masks = rng.random((CALLS, *LARGE)) < 1 - p
        n = masks.size
        count = abs(int(masks.sum()) - n * (1 - p)) / (SIGMAS * np.sqrt(n * p * (1 - p)))
        mixed, pairs = mixed_neighbours(masks)
        expected = pairs * 2 * p * (1 - p)
        neighbours = abs(mixed - expected) / (NEIGHBOURS * expected)
        rates = abs(spread(masks, p) - 1) / RATES
        for name, value in (("count", count), ("neighbours", neighbours), ("rates", rates)):
            worst[name] = max(worst[name], value)
        failures += count > 1 or not DropoutBehaves.bernoulli(masks, p).passed
    seconds = time.perf_counter() - start
    print(f"{trials} sets of {CALLS} correct masks of {LARGE[0]}x{LARGE[1]}: {failures} failed "
          f"({seconds:.1f} s)")
    for name, value in worst.items():
        print(f"  largest {name} deviation: {value:.3f} of what the check allows")


def variants(draws: int) -> None:
    check = DropoutBehaves("dropout", 1)
    for path in sorted((ROOT / "tests" / "training").glob("correct_*.py")):
        namespace = runpy.run_path(str(path))
        failed = 0
        for seed in range(draws):
            trial = check.prepare(np.random.default_rng(seed))
            replies = [Reply.from_json(harness.make_call(json.loads(json.dumps(call.to_json(i))),
                                                         namespace))
                       for i, call in enumerate(trial.calls)]
            failed += not trial.judge(Evidence(replies)).passed
        print(f"{path.name}: {failed} of {draws} draws failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--variants", type=int, default=200)
    args = parser.parse_args()
    sampled(args.trials)
    variants(args.variants)


if __name__ == "__main__":
    main()
