"""What the sandbox adds to grading: a child that imports numpy and answers one call,
and a whole grading of the reference, each with bubblewrap and with no sandbox.

    python bench/sandbox.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from autograder.load import Cell
from autograder.pipeline import Grader
from autograder.run.child import Child, Limits
from autograder.run.protocol import Call
from autograder.run.sandbox import NONE, choose
from autograder.suites import get_suite

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "solutions" / "backprop" / "backprop.ipynb"
CELLS = [Cell(1, "import numpy as np\n\ndef sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n")]


def median_seconds(action, runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    sandbox = choose()
    print(f"sandbox on this machine: {sandbox.name}")
    for name, chosen in ((sandbox.name, sandbox), ("none", NONE)):
        child = median_seconds(
            lambda s=chosen: Child(CELLS, [Call("sigmoid", (0.0,))], Limits(), sandbox=s).collect(),
            args.runs)
        grader = Grader(get_suite("backprop"), REFERENCE, seed=1, sandbox=chosen, unsafe=True)
        grading = median_seconds(lambda g=grader: g.grade(REFERENCE), args.runs)
        print(f"{name:>12}: a child with numpy {child:.3f} s; grading the reference {grading:.3f} s"
              f" (medians of {args.runs})")


if __name__ == "__main__":
    main()
