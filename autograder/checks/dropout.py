"""Dropout, checked by what must hold for any correct way of drawing the mask.

The generator crosses to the child as its seed (protocol.generator). Whatever a
solution does with it (rng.random(x.shape) < 1 - p, rng.binomial, rng.uniform), inverted
dropout gives each unit either 0 or x / (1 - p), keeps about 1 - p of them, draws the
same mask from the same seed and another from another seed, and leaves x alone at test
time. No reference is needed, and no correct way of drawing is preferred.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.checks.arrays import as_array
from autograder.checks.base import PASS, Check, Evidence, Trial, Verdict, problem
from autograder.compare import FormError
from autograder.run.protocol import Call, generator

SIGMAS = 6  # how far the kept fraction may stray from 1 - p before it counts as wrong
LARGE = (40, 50)


@dataclass(frozen=True)
class DropoutBehaves(Check):
    name: str
    points: float

    def prepare(self, rng: np.random.Generator) -> Trial:
        x = rng.normal(0, 1, (4, 6))
        while np.any(np.abs(x) < 1e-3):  # a unit of 0 would look dropped
            x = rng.normal(0, 1, (4, 6))
        p = float(rng.uniform(0.2, 0.6))
        seed, other = (int(s) for s in rng.choice(2**31, 2, replace=False))
        ones = np.ones(LARGE)

        def call(data: np.ndarray, seed: int, training: bool) -> Call:
            return Call("dropout", (data.tolist(), p, generator(seed)), {"training": training})

        calls = [call(x, seed, True), call(x, seed, True), call(x, other, True),
                 call(x, seed, False), call(ones, other, True)]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            try:
                first, again, another, test, large = (
                    as_array(r.value, "what dropout returns", 2) for r in evidence.replies)
            except FormError as error:
                return Verdict(False, str(error))
            for out, data in ((first, x), (test, x), (large, ones)):
                if out.shape != data.shape:
                    return Verdict(False, f"dropout of an array of shape {data.shape} returned "
                                          f"shape {out.shape}; it should keep the shape")
            if not np.allclose(test, x, rtol=1e-6, atol=0):
                return Verdict(False, "with training=False dropout changed its input: at test "
                                      "time it should return x unchanged (no mask, no scaling)")
            scaled = x / (1 - p)
            units_ok = np.isclose(first, 0, atol=0) | np.isclose(first, scaled, rtol=1e-6, atol=0)
            if not units_ok.all():
                i, j = (int(k) for k in np.argwhere(~units_ok)[0])
                return Verdict(False, f"with p={p:.3f}, unit [{i}][{j}] of x is {x[i, j]:.6g} and "
                                      f"dropout returned {first[i, j]:.6g}: each unit should be "
                                      f"0 (dropped) or x / (1 - p) = {scaled[i, j]:.6g} (kept, "
                                      "scaled up so that the expected output is x)")
            kept = int(np.count_nonzero(large))
            n = large.size
            spread = SIGMAS * np.sqrt(n * p * (1 - p))
            if abs(kept - n * (1 - p)) > spread:
                return Verdict(False, f"with p={p:.3f}, dropout kept {kept} of {n} units; about "
                                      f"{n * (1 - p):.0f} should stay: p is the probability that a "
                                      "unit is dropped")
            if not np.array_equal(first, again):
                return Verdict(False, "two calls with generators made from the same seed gave "
                                      "different masks: draw the mask from the rng argument "
                                      "(rng.random), not from np.random or random")
            if np.array_equal(first, another):
                return Verdict(False, "generators made from different seeds gave the same mask: "
                                      "draw the mask from the rng argument")
            return PASS

        return Trial(calls, judge)
