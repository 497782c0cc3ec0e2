"""Derivatives checked against centred finite differences of functions known to be right.

A derivative is right when it is the slope of its function, and when that function is
right. The grader estimates slopes itself, with (f(s + h) - f(s - h)) / 2h: from the
student's own activation (is g' the slope of g?), from the student's own loss (is the
output delta the slope of the loss with respect to s?), and from its own forward pass and
cross-entropy in float64 (are backward's gradients the slopes of the loss with respect to
every parameter?). A slope of the student's function counts only once that function
gives the lecture's values (training_math) at the very points it was called on: a g and
a g' that are both 0, or a loss and a delta that are both 0, agree with each other and
with nothing else.

The student's functions may compute in single precision, which is correct in this
course: their values carry errors near 1e-7, which a step of 1e-5 would magnify to 1e-2.
Slopes of the student's functions therefore take larger steps (1e-3 for activations,
1e-2 for losses, whose sums are larger) and a tolerance of 1e-2, where rounding and the
h^2 truncation stay below 1e-3 (measured with tests/training/correct_float32.py over 20
draws); every mistake of the catalog is off by more than 10%. The functions themselves
are held to the lecture's values at 1e-5, which single precision meets, as everywhere in
the assignment. The grader's own float64 slopes keep h = 1e-5, with a floor of 1e-6 under
the relative error for their absolute error near 1e-10.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograder.checks import training_math as tm
from autograder.checks.arrays import GRADIENTS, Array
from autograder.checks.base import PASS, Check, Evidence, Trial, Verdict, problem
from autograder.compare import compare
from autograder.nn import sigmoid
from autograder.run.protocol import Call

H = 1e-5
RTOL = 1e-4
FLOOR = 1e-6
STUDENT_RTOL = 1e-2
ANCHOR_RTOL = 1e-5  # a student's function against the lecture's values: single precision


def shown(values: np.ndarray) -> str:
    return ", ".join(f"{v:.3g}" for v in values)


@dataclass(frozen=True)
class SlopeMatches(Check):
    """g_prime(s) equals the slope of the student's g at points away from g's kinks, and
    that g is the lecture's at those points."""

    name: str
    points: float
    function: str
    derivative: str
    trusted: Callable[[np.ndarray], np.ndarray]  # the lecture's g, in float64
    n: int = 8
    h: float = 1e-3

    def prepare(self, rng: np.random.Generator) -> Trial:
        magnitude = rng.uniform(0.05, 4.0, self.n)  # away from 0, where ReLU has its kink
        s = magnitude * rng.choice([-1.0, 1.0], self.n)
        calls = [Call(self.function, ((s + self.h).tolist(),)),
                 Call(self.function, ((s - self.h).tolist(),)),
                 Call(self.derivative, (s.tolist(),))]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            try:
                up, down = (np.asarray(r.value, dtype=np.float64) for r in evidence.replies[:2])
            except (ValueError, TypeError):
                up = down = np.empty(0)
            if not up.shape == down.shape == s.shape:
                return Verdict(False, f"{self.function} of a vector should be a vector of the "
                                      "same length")
            for sign, values, at in (("+", up, s + self.h), ("-", down, s - self.h)):
                label = f"{self.function}(s {sign} h)"
                anchor = compare(values.tolist(), self.trusted(at).tolist(), Array(label, 1),
                                 ANCHOR_RTOL)
                if not anchor.passed:
                    return Verdict(False, f"your {self.function} is wrong at s {sign} h (h = "
                                          f"{self.h:g}, s = {shown(s)}): {anchor.message}; "
                                          f"{self.derivative} is held to the slope of your "
                                          f"{self.function}, which must be right first")
            slope = (up - down) / (2 * self.h)
            form = Array(self.derivative, 1)
            comparison = compare(evidence.replies[2].value, slope.tolist(), form, STUDENT_RTOL,
                                 floor=FLOOR)
            if comparison.passed:
                return PASS
            return Verdict(False, f"{self.derivative} is not the slope of your {self.function} "
                                  f"(centred differences, h = {self.h:g}, at s = {shown(s)}): "
                                  f"{comparison.message}")

        return Trial(calls, judge)


OUTPUTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"softmax": tm.softmax,
                                                          "sigmoid": sigmoid}


@dataclass(frozen=True)
class DeltaMatchesLoss(Check):
    """The output delta dE/ds equals the slope of the student's loss of output(s), and
    that loss is the lecture's.

    The grader applies its own output layer (softmax or sigmoid) to s nudged by +-h in one
    element at a time and asks the student's loss for each; each loss must be the
    lecture's, and the delta must be their slopes.
    """

    name: str
    points: float
    loss: str
    delta: str
    output: str  # "softmax" or "sigmoid"
    targets: str  # "one-hot", "binary" or "uniform"
    trusted: Callable[[np.ndarray, np.ndarray], float]  # the lecture's loss, in float64
    shape: tuple[int, int] = (3, 4)
    h: float = 1e-2

    def draw_targets(self, rng: np.random.Generator) -> np.ndarray:
        m, k = self.shape
        if self.targets == "one-hot":
            return np.eye(k)[rng.integers(0, k, m)]
        if self.targets == "binary":
            return rng.integers(0, 2, self.shape).astype(float)
        return rng.uniform(0, 1, self.shape)

    def prepare(self, rng: np.random.Generator) -> Trial:
        s = rng.normal(0, 1.5, self.shape)
        y = self.draw_targets(rng)
        output = OUTPUTS[self.output]
        calls = [Call(self.delta, (s.tolist(), y.tolist()))]
        nudges, expected = [], []
        for index in np.ndindex(*self.shape):
            for sign in ("+", "-"):
                nudged = s.copy()
                nudged[index] += self.h if sign == "+" else -self.h
                calls.append(Call(self.loss, (output(nudged).tolist(), y.tolist())))
                nudges.append(f"s[{index[0]}][{index[1]}] {sign} h")
                expected.append(self.trusted(output(nudged), y))

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            try:
                losses = np.array([r.value for r in evidence.replies[1:]], dtype=np.float64)
            except (ValueError, TypeError):
                return Verdict(False, f"{self.loss} should return one number for a batch")
            if losses.shape != (len(calls) - 1,):
                return Verdict(False, f"{self.loss} should return one number for a batch (the "
                                      f"sum over samples), got an array of shape "
                                      f"{np.shape(evidence.replies[1].value)}")
            for value, wanted, nudge in zip(losses, expected, nudges):
                anchor = compare(float(value), wanted, Array(self.loss, 0), ANCHOR_RTOL)
                if not anchor.passed:
                    return Verdict(False, f"your {self.loss} is wrong on a random "
                                          f"{self.shape[0]}x{self.shape[1]} batch: "
                                          f"{self.loss}({self.output}(s), y) with {nudge} (h = "
                                          f"{self.h:g}) is {value:.9g}, expected {wanted:.9g} "
                                          f"(relative error {anchor.rel_error:.2g}, tolerance "
                                          f"{ANCHOR_RTOL:g}); {self.delta} is held to the slope "
                                          f"of your {self.loss}, which must be right first")
            slopes = ((losses[0::2] - losses[1::2]) / (2 * self.h)).reshape(self.shape)
            form = Array(self.delta, 2)
            comparison = compare(evidence.replies[0].value, slopes.tolist(), form, STUDENT_RTOL,
                                 floor=FLOOR)
            if comparison.passed:
                return PASS
            return Verdict(False, f"{self.delta}(s, y) is not the slope of {self.loss}("
                                  f"{self.output}(s), y) with respect to s (centred differences, "
                                  f"h = {self.h:g}): {comparison.message}")

        return Trial(calls, judge)


def draw_shape(rng: np.random.Generator) -> tuple[int, int, int, int]:
    """A batch size and layer sizes (M, d, H, K), non-square so that transposes show."""
    return (int(rng.integers(3, 7)), int(rng.integers(2, 5)), int(rng.integers(3, 7)),
            int(rng.integers(2, 5)))


def draw_batch(rng: np.random.Generator) -> tuple[tm.Params, np.ndarray, np.ndarray]:
    m, d, hidden, k = draw_shape(rng)
    params = tm.random_params(rng, (d, hidden, k))
    x = rng.normal(0, 1, (m, d))
    y = np.eye(k)[rng.integers(0, k, m)]
    return params, x, y


@dataclass(frozen=True)
class GradientsMatchLoss(Check):
    """backward's gradients are the slopes of the summed cross-entropy of the network."""

    name: str
    points: float

    def prepare(self, rng: np.random.Generator) -> Trial:
        params, x, y = draw_batch(rng)
        cache = tm.forward(params, x)
        calls = [Call("backward", ([p.tolist() for p in params], [c.tolist() for c in cache],
                                   y.tolist()))]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            comparison = compare(evidence.replies[0].value, [s.tolist() for s in
                                                             self.slopes(params, x, y)],
                                 GRADIENTS, RTOL, floor=FLOOR)
            if comparison.passed:
                return PASS
            sizes = f"{x.shape[1]}-{params[0].shape[1]}-{y.shape[1]}"
            return Verdict(False, f"on a random {sizes} network and a batch of {len(x)}, the "
                                  "gradients are not the slopes of the cross-entropy summed over "
                                  f"the batch (centred differences, h = {H:g}): "
                                  f"{comparison.message}")

        return Trial(calls, judge)

    @staticmethod
    def slopes(params: tm.Params, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
        slopes = []
        for p in params:
            slope = np.empty_like(p)
            for index in np.ndindex(p.shape):
                kept = p[index]
                p[index] = kept + H
                up = tm.loss(params, x, y)
                p[index] = kept - H
                down = tm.loss(params, x, y)
                p[index] = kept
                slope[index] = (up - down) / (2 * H)
            slopes.append(slope)
        return slopes
