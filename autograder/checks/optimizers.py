"""Optimizer steps, checked one step at a time along a 10-step run the grader lays out.

An optimizer here is a step function with explicit state: (w, g, *state, lr, ...) ->
(w, *state). The grader runs the lecture's rule itself to lay out ten steps (on a
quadratic, where each gradient comes from the point reached; or on random gradients)
and sends each step its own call with the state the run had reached, so that a mistake
is named at the first step it shows in, and never compounds into later ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.checks import training_math as tm
from autograder.checks.arrays import Array, Arrays
from autograder.checks.base import PASS, Check, Evidence, Trial, Verdict, problem
from autograder.checks.values import Case
from autograder.compare import Form
from autograder.run.protocol import Call

STEPS = 10
# The lecture's "rain gutter": a valley 25 times steeper across than along.
GUTTER = np.array([1.0, 25.0])
GUTTER_START = np.array([-4.0, 0.8])


def form(function: str) -> Form:
    """What a step returns: w alone for SGD, else w and the new state."""
    states = tm.STATES[function]
    if not states:
        return Array("w", 1)
    return Arrays(("w", *states), (1,) * (1 + len(states)), shared_scale=True)


def run(function: str, w: np.ndarray, gradient: Callable[[np.ndarray, int], np.ndarray],
        hyper: dict[str, Any], steps: int = STEPS) -> list[Call]:
    """The calls of a run: step t gets the point and state the lecture's rule reached."""
    state = [np.zeros_like(w) for _ in tm.STATES[function]]
    calls = []
    for t in range(1, steps + 1):
        g = gradient(w, t)
        kwargs = {**hyper, "t": t} if function == "adam_step" else dict(hyper)
        calls.append(Call(function, (w.tolist(), g.tolist(), *[s.tolist() for s in state]),
                          kwargs))
        w, *state = tm.STEPS[function](w, g, *state, **kwargs)
    return calls


def gutter_cases(function: str, hyper: dict[str, Any], steps: int = STEPS) -> tuple[Case, ...]:
    """Worked steps on the rain gutter, with the values the lecture's rule gives."""
    calls = run(function, GUTTER_START, lambda w, t: GUTTER * w, hyper, steps)
    described = ", ".join(f"{k}={v:g}" for k, v in hyper.items())
    return tuple(
        Case(f"{function} step {t} on f(w) = (w1^2 + 25 w2^2) / 2 from w = (-4, 0.8), "
             f"{described}", call,
             [a.tolist() for a in tm.STEPS[function](*map(np.array, call.args), **call.kwargs)]
             if tm.STATES[function] else
             tm.STEPS[function](*map(np.array, call.args), **call.kwargs)[0].tolist())
        for t, call in enumerate(calls, 1)
    )


def draw_hyper(function: str, rng: np.random.Generator) -> dict[str, Any]:
    """A learning rate, and a momentum coefficient where the rule has one."""
    hyper: dict[str, Any] = {"lr": float(rng.uniform(0.005, 0.05))}
    if function == "momentum_step":
        hyper["alpha"] = float(rng.uniform(0.5, 0.95))
    elif function in ("momentum_pytorch_step", "nesterov_step"):
        hyper["mu"] = float(rng.uniform(0.5, 0.95))
    return hyper


def quadratic_run(function: str) -> Callable[[np.random.Generator], list[Call]]:
    """Ten steps on a random convex quadratic f(w) = 1/2 sum a_i w_i^2."""
    def draw(rng: np.random.Generator) -> list[Call]:
        n = int(rng.integers(2, 5))
        curvature = rng.uniform(0.5, 20.0, n)
        return run(function, rng.uniform(-3, 3, n), lambda w, t: curvature * w,
                   draw_hyper(function, rng))
    return draw


def random_run(function: str) -> Callable[[np.random.Generator], list[Call]]:
    """Ten steps on gradients drawn at random, of mixed sizes."""
    def draw(rng: np.random.Generator) -> list[Call]:
        n = int(rng.integers(3, 7))
        scale = 10.0 ** rng.uniform(-2, 1, n)
        return run(function, rng.normal(0, 1, n), lambda w, t: rng.normal(0, 1, n) * scale,
                   draw_hyper(function, rng))
    return draw


@dataclass(frozen=True)
class AdamFirstStep(Check):
    """Adam's first step moves each parameter by about lr * sign(g), whatever |g| is:
    with bias correction m_hat = g and v_hat = g^2 at t = 1."""

    name: str
    points: float
    tolerance: float = 1e-3  # of lr; eps = 1e-8 shifts the step by lr * eps / |g|

    def prepare(self, rng: np.random.Generator) -> Trial:
        n = 6
        g = 10.0 ** rng.uniform(-2, 2, n) * rng.choice([-1.0, 1.0], n)
        w = rng.normal(0, 1, n)
        lr = float(rng.uniform(0.001, 0.1))
        zeros = np.zeros(n).tolist()
        calls = [Call("adam_step", (w.tolist(), g.tolist(), zeros, zeros), {"t": 1, "lr": lr})]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            value = evidence.replies[0].value
            try:
                moved = np.asarray(value[0], dtype=np.float64) - w
            except (ValueError, TypeError, IndexError, KeyError):
                return Verdict(False, "adam_step should return (w, m, v)")
            if moved.shape != w.shape:
                return Verdict(False, f"the w adam_step returns has shape {moved.shape}, "
                                      f"expected {w.shape}")
            off = np.abs(moved + lr * np.sign(g)) / lr
            if np.all(off <= self.tolerance):
                return PASS
            i = int(np.argmax(off))
            return Verdict(False, f"the first step (t=1, m = v = 0, lr={lr:.4g}) moved w[{i}] by "
                                  f"{moved[i]:.4g} for a gradient of {g[i]:.3g}; Adam's first "
                                  f"step moves each parameter by about -lr * sign(g) = "
                                  f"{-lr * np.sign(g[i]):.4g}, whatever the size of g, because "
                                  "bias correction makes m_hat = g and v_hat = g^2")

        return Trial(calls, judge)
