"""Dropout, checked by what must hold for any correct way of drawing the mask.

The generator crosses to the child as its seed (protocol.generator). Whatever a
solution does with it (rng.random(x.shape) < 1 - p, rng.binomial, rng.uniform, one
rng.random() per unit), inverted dropout gives each unit either 0 or x / (1 - p), draws
the same mask from the same seed and another from another seed, and leaves x alone at
test time. Its mask is a Bernoulli mask: each unit is kept with probability 1 - p, on
its own and afresh in every call. No reference is needed, and no correct way of drawing
is preferred; a mask that only keeps the right fraction (a block of 1 - p of the units,
placed by the seed) is not one.

Three statistics over CALLS calls on a LARGE array, with generators from distinct seeds,
tell a Bernoulli mask from others:
- the units kept in all, about (1 - p) of them, within SIGMAS standard deviations;
- neighbours (left-right and up-down pairs of units of one call) with one unit kept and
  the other dropped: about 2p(1 - p) of the pairs, within NEIGHBOURS of that (a block
  or a pattern has far fewer, or far more);
- how often each unit was kept over the calls: its spread, measured as the mean of
  (count - CALLS (1 - p))^2 / (CALLS p (1 - p)), is about 1, within RATES (a mask that
  barely changes with the seed keeps some units always: near CALLS).
A correct mask fails one of them with a probability under 3e-9 for every p the check
draws (exact binomial tails, split into independent pairs for the neighbours, and a
Chernoff bound for the spread: tests/test_training_dropout.py computes it, and
bench/dropout.py counts failures of correct masks drawn at random).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder.checks.arrays import as_array
from autograder.checks.base import PASS, Check, Evidence, Trial, Verdict, problem
from autograder.compare import FormError
from autograder.run.protocol import Call, generator

SIGMAS = 6  # how far the kept fraction may stray from 1 - p before it counts as wrong
NEIGHBOURS = 0.2  # how far the share of mixed neighbours may stray, relative to 2p(1 - p)
RATES = 0.3  # how far the spread of the units' kept counts may stray from 1
LARGE = (40, 50)
CALLS = 8
P_RANGE = (0.2, 0.6)


def away_from_zero(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Values whose dropped units show as 0: none is near 0 itself."""
    return rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)


def mixed_neighbours(masks: np.ndarray) -> tuple[int, int]:
    """Pairs of side-by-side units (within a row or a column of one mask) of which one is
    kept and the other dropped, and the number of such pairs there are."""
    across = masks[:, :, 1:] != masks[:, :, :-1]
    down = masks[:, 1:, :] != masks[:, :-1, :]
    return int(across.sum() + down.sum()), across.size + down.size


def spread(masks: np.ndarray, p: float) -> float:
    """The mean over units of (count - k q)^2 / (k q p), q = 1 - p, of the counts of calls
    in which each unit was kept: 1 on average when every call draws every unit afresh."""
    k, q = len(masks), 1 - p
    counts = masks.sum(axis=0)
    return float(np.mean((counts - k * q) ** 2 / (k * q * p)))


@dataclass(frozen=True)
class DropoutBehaves(Check):
    name: str
    points: float

    def prepare(self, rng: np.random.Generator) -> Trial:
        x = away_from_zero(rng, (4, 6))
        large = away_from_zero(rng, LARGE)
        p = float(rng.uniform(*P_RANGE))
        seed, other, *seeds = (int(s) for s in rng.choice(2**31, 2 + CALLS, replace=False))

        def call(data: np.ndarray, seed: int, training: bool) -> Call:
            return Call("dropout", (data.tolist(), p, generator(seed)), {"training": training})

        calls = [call(x, seed, True), call(x, seed, True), call(x, other, True),
                 call(x, seed, False), *(call(large, s, True) for s in seeds)]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            try:
                first, again, another, test, *masked = (
                    as_array(r.value, "what dropout returns", 2) for r in evidence.replies)
            except FormError as error:
                return Verdict(False, str(error))
            for out, data in ((first, x), (test, x), *((out, large) for out in masked)):
                if out.shape != data.shape:
                    return Verdict(False, f"dropout of an array of shape {data.shape} returned "
                                          f"shape {out.shape}; it should keep the shape")
            if not np.allclose(test, x, rtol=1e-6, atol=0):
                return Verdict(False, "with training=False dropout changed its input: at test "
                                      "time it should return x unchanged (no mask, no scaling)")
            for out, data in ((first, x), *((out, large) for out in masked)):
                wrong = self.unit(out, data, p)
                if wrong:
                    return Verdict(False, wrong)
            masks = np.array([out != 0 for out in masked])
            kept, n = int(masks.sum()), masks.size
            if abs(kept - n * (1 - p)) > SIGMAS * np.sqrt(n * p * (1 - p)):
                return Verdict(False, f"with p={p:.3f}, dropout kept {kept} of {n} units "
                                      f"({CALLS} calls on a {LARGE[0]}x{LARGE[1]} array); about "
                                      f"{n * (1 - p):.0f} should stay: p is the probability that "
                                      "a unit is dropped")
            if not np.array_equal(first, again):
                return Verdict(False, "two calls with generators made from the same seed gave "
                                      "different masks: draw the mask from the rng argument "
                                      "(rng.random), not from np.random or random")
            if np.array_equal(first, another):
                return Verdict(False, "generators made from different seeds gave the same mask: "
                                      "draw the mask from the rng argument")
            return self.bernoulli(masks, p)

        return Trial(calls, judge)

    @staticmethod
    def unit(out: np.ndarray, data: np.ndarray, p: float) -> str:
        """Why a unit is neither dropped nor kept and scaled; empty if every unit is."""
        scaled = data / (1 - p)
        units_ok = np.isclose(out, 0, atol=0) | np.isclose(out, scaled, rtol=1e-6, atol=0)
        if units_ok.all():
            return ""
        i, j = (int(k) for k in np.argwhere(~units_ok)[0])
        return (f"with p={p:.3f}, unit [{i}][{j}] of x is {data[i, j]:.6g} and dropout returned "
                f"{out[i, j]:.6g}: each unit should be 0 (dropped) or x / (1 - p) = "
                f"{scaled[i, j]:.6g} (kept, scaled up so that the expected output is x)")

    @staticmethod
    def bernoulli(masks: np.ndarray, p: float) -> Verdict:
        """Whether the masks look drawn unit by unit and call by call."""
        where = f"{CALLS} calls on a {LARGE[0]}x{LARGE[1]} array"
        mixed, pairs = mixed_neighbours(masks)
        expected = pairs * 2 * p * (1 - p)
        if abs(mixed - expected) > NEIGHBOURS * expected:
            return Verdict(False, f"with p={p:.3f}, in {where}, {mixed} of {pairs} pairs of "
                                  f"neighbouring units had one unit kept and the other dropped, "
                                  f"where a mask drawn unit by unit gives about {expected:.0f}: "
                                  "drop each unit on its own, with probability p (rng.random("
                                  "x.shape) < 1 - p), not in blocks or in a pattern")
        ratio = spread(masks, p)
        if abs(ratio - 1) > RATES:
            return Verdict(False, f"with p={p:.3f}, over {where} with generators from different "
                                  f"seeds, how often each unit was kept varies {ratio:.2f} times "
                                  "as much as when every call draws every unit afresh (1, within "
                                  f"{RATES:g}): each call should keep each unit with probability "
                                  "1 - p, whatever the calls before did")
        return PASS
