"""Checks of what must hold, whatever the numbers: no expected value, no reference needed."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograder import nn
from autograder.checks.base import PASS, Check, Evidence, Trial, Verdict, problem
from autograder.compare import DELTAS, NETWORK, TRAINED, Form, FormError, NetworkForm, compare
from autograder.run.protocol import Call


@dataclass(frozen=True)
class NotMutated(Check):
    """The function leaves its arguments as it found them (it returns a new value instead)."""

    condition = True
    name: str
    points: float
    draw: Callable[[np.random.Generator], list[Call]]
    argument: int  # the position of the argument that must not change
    argument_name: str
    form: Form

    def prepare(self, rng: np.random.Generator) -> Trial:
        (call,) = self.draw(rng)
        calls = [Call(call.function, call.args, call.kwargs, echo_args=True)]
        before = call.args[self.argument]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            if evidence.replies[0].args_after is None:
                return Verdict(False, f"the arguments of {call.function} could not be read back "
                                      "after the call: they no longer hold plain numbers")
            after = evidence.replies[0].args_after[self.argument]
            comparison = compare(after, before, self.form, rtol=0.0)
            if comparison.passed:
                return PASS
            return Verdict(False, f"{call.function} changed its argument {self.argument_name}: "
                                  f"{comparison.message.replace('expected', 'was')}; "
                                  "work on a copy and return a new value")

        return Trial(calls, judge)


@dataclass(frozen=True)
class CallsOncePerValue(Check):
    """initialize_weights calls initialize_fn exactly once for each number it creates."""

    condition = True
    name: str
    points: float
    call: Call
    values: int

    def prepare(self, rng: np.random.Generator) -> Trial:
        calls = [self.call]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            (made,) = evidence.replies[0].callable_calls or (0,)
            if made == self.values:
                return PASS
            times = "once" if made == 1 else f"{made} times"
            return Verdict(False, f"initialize_fn was called {times} for a network of "
                                  f"{self.values} numbers; call it once per number")

        return Trial(calls, judge)


GRADIENT = NetworkForm("gradient")


@dataclass(frozen=True)
class GradientMatchesLoss(Check):
    """The gradient built from the deltas is the slope of the loss (centred differences).

    The deltas give dE/dw_jk = d_j * a_k and dE/dbias_j = d_j; the grader estimates the
    same slopes from its own loss with h = 1e-5 in float64. The estimate carries an
    absolute error near 1e-11, hence a floor of 1e-6 under the relative error.
    """

    name: str
    points: float
    sizes: tuple[int, ...]
    h: float = 1e-5
    rtol: float = 1e-4

    def prepare(self, rng: np.random.Generator) -> Trial:
        network = nn.random_network(rng, self.sizes)
        x = rng.uniform(0.1, 0.9, self.sizes[0])
        y = rng.uniform(0.1, 0.9, self.sizes[-1])
        activations = nn.forward(network, x)
        calls = [Call("calculate_deltas",
                      (nn.to_lists(network), [a.tolist() for a in activations], y.tolist()))]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            deltas = evidence.replies[0].value
            shapes = compare(deltas, [a.tolist() for a in activations[1:]], DELTAS, rtol=np.inf)
            if not shapes.passed:
                return Verdict(False, shapes.message)
            gradient = [np.outer(d, np.concatenate(([1.0], a)))
                        for d, a in zip(map(np.asarray, deltas), activations)]
            slopes = self._slopes(network, x, y)
            comparison = compare([g.tolist() for g in gradient], [s.tolist() for s in slopes],
                                 GRADIENT, self.rtol, floor=1e-6)
            if comparison.passed:
                return PASS
            return Verdict(False, "the gradient d_j * a_k built from your deltas is not the "
                                  f"slope of the loss: {comparison.message}")

        return Trial(calls, judge)

    def _slopes(self, network: nn.Network, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
        slopes = []
        for layer in network:
            slope = np.empty_like(layer)
            for index in np.ndindex(layer.shape):
                kept = layer[index]
                layer[index] = kept + self.h
                up = nn.loss(network, x, y)
                layer[index] = kept - self.h
                down = nn.loss(network, x, y)
                layer[index] = kept
                slope[index] = (up - down) / (2 * self.h)
            slopes.append(slope)
        return slopes


def epoch_orders(seed: int, n: int, fresh: bool) -> tuple[list[int], list[int]]:
    """The orders of two epochs under `rng = random.Random(seed)`: the notebook's recipe
    shuffles one index list kept across epochs; `fresh` shuffles a new list each epoch."""
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)
    first = order[:]
    if fresh:
        order = list(range(n))
    rng.shuffle(order)
    return first, order


@dataclass(frozen=True)
class FollowsSeed(Check):
    """With shuffle=True, sgd_nn visits the samples in the orders random.Random(seed) makes.

    Two epochs with a seed must equal one epoch without shuffling on the samples laid out
    in those two orders, one after the other: the grader derives the orders from the seed
    itself, so no reference is needed. A seed is used only if its two epochs differ in
    order, so that an order repeated every epoch cannot pass; the next seed must change
    the result.
    """

    condition = True
    name: str
    points: float
    sizes: tuple[int, ...]
    samples: int

    def prepare(self, rng: np.random.Generator) -> Trial:
        x = rng.uniform(0, 1, (self.samples, self.sizes[0])).tolist()
        y = rng.uniform(0, 1, (self.samples, self.sizes[-1])).tolist()
        theta0 = nn.to_lists(nn.random_network(rng, self.sizes))
        seed = next(int(s) for s in rng.choice(10_000, 100, replace=False)
                    if all(len(set(map(tuple, epoch_orders(int(s), self.samples, fresh)))) == 2
                           for fresh in (False, True)))

        def unrolled(fresh: bool) -> Call:
            order = sum(epoch_orders(seed, self.samples, fresh), [])
            return Call("sgd_nn", ([x[i] for i in order], [y[i] for i in order], theta0),
                        {"eta": 0.5, "n_epochs": 1, "shuffle": False})

        def shuffled(seed: int) -> Call:
            return Call("sgd_nn", (x, y, theta0),
                        {"eta": 0.5, "n_epochs": 2, "shuffle": True, "seed": seed})

        other = seed + 1
        calls = [shuffled(seed), shuffled(seed), shuffled(other), unrolled(False), unrolled(True),
                 unrolled(False)]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            first, again, another, *recipes, in_order = (r.value for r in evidence.replies)
            if recipes[0] != in_order:
                return Verdict(False, "two runs with shuffle=False gave different results: "
                                      "with shuffle=False visit the samples in their given order")
            if first != again:
                return Verdict(False, f"two runs with shuffle=True and seed={seed} gave "
                                      "different results; shuffle with random.Random(seed)")
            if first == another:
                return Verdict(False, f"seeds {seed} and {other} gave the same result; "
                                      "with shuffle=True the order of samples should change")
            try:
                network = TRAINED.split(first)[:-1]
                matches = any(
                    compare([p.array for p in network],
                            [p.array for p in TRAINED.split(recipe)[:-1]],
                            NETWORK, rtol=1e-9).passed
                    for recipe in recipes)
            except FormError as error:
                return Verdict(False, str(error))
            if matches:
                return PASS
            return Verdict(False, f"with shuffle=True and seed={seed}, the two epochs did not "
                                  "visit the samples in the orders random.Random(seed) gives: "
                                  "make one rng = random.Random(seed) before the first epoch "
                                  "and call rng.shuffle(order) at the start of every epoch")

        return Trial(calls, judge)
