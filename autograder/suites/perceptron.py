"""The perceptron assignment: the neuron, logic gates by hand, the delta rule, XOR's limit.

Seven functions, 100 points. Worked examples are the lecture's: the AND, OR and NOT units,
the delta rule's three cases, and the whole AND trace (eta = 1, w = b = 0, the data in the
order (0,0), (0,1), (1,0), (1,1), a unit firing when a >= 0), whose epoch 6 is the first
without a change. Gates and networks set by hand are run by the grader's own units on all
inputs, since many weights are right. Hidden cases draw fresh random (separable) data for
every grading run; convergence and XOR's limit are measured on data the grader draws too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder import nn
from autograder.checks import Case, Example, Hidden, NotMutated
from autograder.checks.perceptron import (
    RUN,
    UPDATE,
    WEIGHTS,
    Computes,
    ConvergesWithinBound,
    HiddenTrace,
    HistoryConsistent,
    NeverSeparates,
    TraceExample,
    step,
)
from autograder.checks.separable import separable
from autograder.compare import NUMBER, SINGLE_RTOL, Vectors
from autograder.datasets import xnor, xor
from autograder.run.protocol import Call
from autograder.suites import Question, Suite

Draw = Callable[[np.random.Generator], list[Call]]
BOOLEAN_INPUTS = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
AND_TARGETS = [0.0, 0.0, 0.0, 1.0]

# The lecture's trace of AND with eta = 1 from w = (0, 0), b = 0: (w, b, mistakes) after
# each epoch. Epoch 1: (0,0) fires wrongly (a = 0), so b = -1; (1,1) fails to fire, so
# w = (1, 1), b = 0. Epoch 6 is the first without a change: w = (2, 1), b = -3.
AND_HISTORY: list[list[Any]] = [
    [[1.0, 1.0], 0.0, 2.0],
    [[2.0, 1.0], -1.0, 3.0],
    [[2.0, 1.0], -2.0, 3.0],
    [[2.0, 2.0], -2.0, 2.0],
    [[2.0, 1.0], -3.0, 1.0],
    [[2.0, 1.0], -3.0, 0.0],
]
AND_W, AND_B = [2.0, 1.0], -3.0
AND_RUN = [AND_W, AND_B, AND_HISTORY, True]
# From zero, the run with eta = 0.5 makes the same decisions: every number is halved.
AND_RUN_HALF = [[0.5 * v for v in AND_W], 0.5 * AND_B,
                [[[0.5 * v for v in w], 0.5 * b, m] for w, b, m in AND_HISTORY], True]


def truth_table(gate: str) -> tuple[tuple[tuple[float, ...], float], ...]:
    """Every input of a gate with its output."""
    rules = {"AND": lambda p, q: p and q, "OR": lambda p, q: p or q,
             "XOR": lambda p, q: p != q, "XNOR": lambda p, q: p == q}
    if gate == "NOT":
        return (((0.0,), 1.0), ((1.0,), 0.0))
    return tuple(((p, q), float(rules[gate](p == 1.0, q == 1.0))) for p, q in BOOLEAN_INPUTS)


def gate_check(gate: str, points: float) -> Computes:
    return Computes(gate, points, Call("gate_weights", (gate,)), gate, truth_table(gate))


def network_check(gate: str, unit: str, points: float) -> Computes:
    name = f"{gate} with {unit} units" + (" (outputs within 1e-4)" if unit == "sigmoid" else "")
    return Computes(name, points, Call("gate_network", (gate,), {"unit": unit}), gate,
                    truth_table(gate), layout="network", unit=unit)


# Draws for hidden cases and properties: fresh arguments from the grading run's generator.

def threshold_calls(rng: np.random.Generator) -> list[Call]:
    return [Call("threshold", (float(a),), {"signed": bool(signed)})
            for a, signed in zip(rng.normal(0, 3, 6), [False, True] * 3)]


def neuron_calls(function: str, takes_signed: bool = False) -> Draw:
    """Units of 1 to 5 inputs; for a function that takes `signed`, every second call asks
    for the +-1 variant."""
    def draw(rng: np.random.Generator) -> list[Call]:
        calls: list[Call] = []
        for n in (1, 3, 5, 4):
            weights = rng.normal(0, 1.5, 1 + n).tolist()
            inputs = rng.uniform(-2, 2, n).tolist()
            kwargs = {"signed": bool(len(calls) % 2)} if takes_signed else {}
            calls.append(Call(function, (weights, inputs), kwargs))
        return calls
    return draw


def update_call(rng: np.random.Generator, y: float, t: float) -> Call:
    """perceptron_update on random numbers, with x chosen so the unit outputs y."""
    n = int(rng.integers(2, 6))
    while True:
        w, x = rng.normal(0, 1, n), rng.uniform(-1, 1, n)
        b = float(rng.normal(0, 1))
        if float(step(b + w @ x)) == y:
            eta = round(float(rng.uniform(0.1, 2.0)), 3)
            return Call("perceptron_update", (w.tolist(), b, x.tolist(), t, eta))


def update_calls(rng: np.random.Generator) -> list[Call]:
    """Two of each case of the delta rule: right, fails to fire, fires wrongly."""
    return [update_call(rng, y, t) for y, t in ((0, 0), (1, 1), (0, 1), (1, 0), (0, 1), (1, 0))]


def mutating_update(rng: np.random.Generator) -> list[Call]:
    return [update_call(rng, 1.0, 0.0)]


def training_calls(rng: np.random.Generator) -> list[Call]:
    """A separable set (trained to convergence) and a set with random targets, which no
    line need separate (trained for a few epochs)."""
    n, d = int(rng.integers(10, 17)), int(rng.integers(2, 5))
    data = separable(rng, n, d)
    noisy = rng.uniform(-1, 1, (n, d)).tolist()
    labels = rng.integers(0, 2, n).astype(float).tolist()
    return [
        Call("train_perceptron", (data.data, data.targets),
             {"eta": round(float(rng.uniform(0.1, 2.0)), 3), "max_epochs": int(data.bound) + 2}),
        Call("train_perceptron", (noisy, labels),
             {"eta": round(float(rng.uniform(0.1, 2.0)), 3), "max_epochs": 12}),
    ]


def first_training_call(rng: np.random.Generator) -> list[Call]:
    return training_calls(rng)[:1]


def stopping_calls(rng: np.random.Generator) -> list[Call]:
    """A separable set trained to convergence, and XOR for a few epochs: both ways for
    training to end."""
    x, y = xor()
    return [*training_calls(rng)[:1],
            Call("train_perceptron", (x, [t[0] for t in y]),
                 {"eta": 1.0, "max_epochs": int(rng.integers(5, 13))})]


XOR_FAMILY = tuple((name, x, [t[0] for t in y]) for name, (x, y) in
                   (("XOR", xor()), ("XNOR", xnor())))

QUESTIONS = (
    Question("threshold", (
        Example("worked values", 2, (
            Case("threshold(0.0)", Call("threshold", (0.0,)), 1.0),
            Case("threshold(2.5)", Call("threshold", (2.5,)), 1.0),
            Case("threshold(-0.5)", Call("threshold", (-0.5,)), 0.0),
            Case("threshold(-0.5, signed=True)", Call("threshold", (-0.5,), {"signed": True}),
                 -1.0),
            Case("threshold(0.0, signed=True)", Call("threshold", (0.0,), {"signed": True}),
                 1.0),
        ), NUMBER),
        Hidden("hidden case: random activations", 2, threshold_calls, NUMBER,
               "random activations"),
    )),
    Question("threshold_neuron", (
        Example("the lecture's AND unit", 2, (
            *(Case(f"threshold_neuron([-1.5, 1, 1], {x})",
                   Call("threshold_neuron", ([-1.5, 1.0, 1.0], x)), t)
              for x, t in zip(BOOLEAN_INPUTS, AND_TARGETS)),
            Case("threshold_neuron([-1, 1, 1], [1, 0]) (a = 0)",
                 Call("threshold_neuron", ([-1.0, 1.0, 1.0], [1.0, 0.0])), 1.0),
            Case("threshold_neuron([-1.5, 1, 1], [0, 1], signed=True)",
                 Call("threshold_neuron", ([-1.5, 1.0, 1.0], [0.0, 1.0]), {"signed": True}),
                 -1.0),
        ), NUMBER),
        Hidden("hidden case: random weights and inputs", 4, neuron_calls("threshold_neuron", True),
               NUMBER, "random weights and inputs"),
    ), depends_on=("threshold",)),
    Question("sigmoid_neuron", (
        Example("the lecture's sigmoid AND unit", 2, tuple(
            Case(f"sigmoid_neuron([-30, 20, 20], {x})",
                 Call("sigmoid_neuron", ([-30.0, 20.0, 20.0], x)), float(value))
            for x, value in zip(BOOLEAN_INPUTS, nn.sigmoid(np.array([-30.0, -10.0, -10.0, 10.0])))
        ), NUMBER),
        Hidden("hidden case: random weights and inputs", 4, neuron_calls("sigmoid_neuron"),
               NUMBER, "random weights and inputs"),
    )),
    Question("gate_weights", (
        gate_check("AND", 3),
        gate_check("OR", 3),
        gate_check("NOT", 2),
    )),
    Question("gate_network", (
        network_check("XOR", "threshold", 3),
        network_check("XNOR", "threshold", 2),
        network_check("XOR", "sigmoid", 3),
        network_check("XNOR", "sigmoid", 2),
    )),
    Question("perceptron_update", (
        Example("the delta rule's three cases", 3, (
            Case("perceptron_update([1, 1], -1.5, [1, 1], 1, 1) (y = t)",
                 Call("perceptron_update", ([1.0, 1.0], -1.5, [1.0, 1.0], 1.0, 1.0)),
                 [[1.0, 1.0], -1.5]),
            Case("perceptron_update([1, 1], -1.5, [0, 1], 1, 0.5) (y = 0, t = 1)",
                 Call("perceptron_update", ([1.0, 1.0], -1.5, [0.0, 1.0], 1.0, 0.5)),
                 [[1.0, 1.5], -1.0]),
            Case("perceptron_update([2, 1], -1, [1, 0], 0, 0.5) (y = 1, t = 0)",
                 Call("perceptron_update", ([2.0, 1.0], -1.0, [1.0, 0.0], 0.0, 0.5)),
                 [[1.5, 1.0], -1.5]),
        ), UPDATE),
        Example("a unit with a = 0 fires", 2, (
            Case("perceptron_update([0, 0], 0, [0, 0], 0, 1) (a = 0, so y = 1)",
                 Call("perceptron_update", ([0.0, 0.0], 0.0, [0.0, 0.0], 0.0, 1.0)),
                 [[0.0, 0.0], -1.0]),
            Case("perceptron_update([1, 1], -1, [0, 1], 0, 1) (a = 0, so y = 1)",
                 Call("perceptron_update", ([1.0, 1.0], -1.0, [0.0, 1.0], 0.0, 1.0)),
                 [[1.0, 0.0], -2.0]),
        ), UPDATE),
        NotMutated("w not mutated", 3, mutating_update, 0, "w", WEIGHTS),
        Hidden("hidden case: random updates", 10, update_calls, UPDATE,
               "random weights and samples"),
    ), depends_on=("threshold", "threshold_neuron")),
    Question("train_perceptron", (
        TraceExample("the lecture's AND trace", 6, (
            Case("train_perceptron on AND with eta=1",
                 Call("train_perceptron", (BOOLEAN_INPUTS, AND_TARGETS),
                      {"eta": 1.0, "max_epochs": 100}), AND_RUN),
        ), RUN),
        TraceExample("the AND trace with eta=0.5", 2, (
            Case("train_perceptron on AND with eta=0.5",
                 Call("train_perceptron", (BOOLEAN_INPUTS, AND_TARGETS),
                      {"eta": 0.5, "max_epochs": 100}), AND_RUN_HALF),
        ), RUN),
        HistoryConsistent("history: one entry per epoch, up to the first without a change", 4,
                          stopping_calls),
        NotMutated("data not mutated", 3, first_training_call, 0, "data", Vectors("data")),
        # a trace drifts by single precision's rounding epoch after epoch; a mistake of the
        # rule moves a weight by a whole step of eta * x
        HiddenTrace("hidden case: random data, epoch by epoch", 12, training_calls, RUN,
                    "random data", rtol=SINGLE_RTOL),
        ConvergesWithinBound("converges on separable data within (R/gamma)^2 mistakes", 14,
                             ((20, 2), (30, 3), (25, 5))),
        NeverSeparates("XOR's limit: never converges, at most 3 of 4 right", 7, XOR_FAMILY),
    ), depends_on=("perceptron_update", "threshold_neuron", "threshold")),
)

SUITE = Suite("perceptron", QUESTIONS, solution="solutions/perceptron/perceptron.ipynb")
