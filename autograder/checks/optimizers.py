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
from autograder.compare import Form, compare
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
    with bias correction m_hat = g and v_hat = g^2 at t = 1.

    That step is a consequence of Adam's rule, not a substitute for it (sign-SGD takes it
    too): the run goes on for a few more steps from the state the rule reached, and every
    step must be the lecture's Adam (training_math), w, m and v alike.
    """

    name: str
    points: float
    steps: int = 3
    rtol: float = 1e-5  # single precision, as for the assignment's other optimizer runs

    def prepare(self, rng: np.random.Generator) -> Trial:
        n = 6
        lr = float(rng.uniform(0.001, 0.1))

        def gradient(w: np.ndarray, t: int) -> np.ndarray:  # of every size, either sign
            return 10.0 ** rng.uniform(-2, 2, n) * rng.choice([-1.0, 1.0], n)

        calls = run("adam_step", rng.normal(0, 1, n), gradient, {"lr": lr}, self.steps)
        adam = tm.STEPS["adam_step"]
        expected = [[a.tolist() for a in adam(*map(np.array, call.args), **call.kwargs)]
                    for call in calls]
        step_form = form("adam_step")

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            for t, (call, reply, wanted) in enumerate(zip(calls, evidence.replies, expected), 1):
                comparison = compare(reply.value, wanted, step_form, self.rtol)
                if comparison.passed:
                    continue
                if t == 1:
                    return Verdict(False, self.first_step(call, reply.value, wanted,
                                                          comparison.message))
                return Verdict(False, f"step {t} of a run on random gradients (lr={lr:.4g}, "
                                      f"from the m and v Adam's rule reached) is not Adam's: "
                                      f"{comparison.message}; the first step was right, but it "
                                      "counts only as part of Adam's whole rule, in which "
                                      "m_hat / (sqrt(v_hat) + eps) is about sign(g) at t=1 only")
            return PASS

        return Trial(calls, judge)

    def first_step(self, call: Call, value: Any, wanted: list, message: str) -> str:
        """Why the first step is wrong: by the size of its move, where w moved wrongly."""
        w, g = np.array(call.args[0]), np.array(call.args[1])
        lr = call.kwargs["lr"]
        try:
            got = np.asarray(value[0], dtype=np.float64)
        except (ValueError, TypeError, IndexError, KeyError):
            return f"adam_step should return (w, m, v): {message}"
        if got.shape != w.shape:
            return f"the first step (t=1, m = v = 0, lr={lr:.4g}): {message}"
        moved = got - w
        off = np.abs(moved - (np.array(wanted[0]) - w)) / lr
        if not np.any(off > self.rtol):  # w moved right: the state is wrong
            return f"the first step (t=1, m = v = 0, lr={lr:.4g}): {message}"
        i = int(np.argmax(off))
        return (f"the first step (t=1, m = v = 0, lr={lr:.4g}) moved w[{i}] by {moved[i]:.4g} "
                f"for a gradient of {g[i]:.3g}; Adam's first step moves each parameter by about "
                f"-lr * sign(g) = {-lr * np.sign(g[i]):.4g}, whatever the size of g, because "
                "bias correction makes m_hat = g and v_hat = g^2")
