"""Threshold units and linearly separable data: how the grader measures a perceptron itself.

A unit is the course's bias-first row [b, w_1, ..., w_n]; a network is the course's list
of layers. The threshold is the course's: a unit fires (outputs 1) when its activation
a = b + w . x is at least 0, else it outputs 0.

Random separable data come with the two numbers of the perceptron convergence theorem:
R, the largest norm of a sample with its bias input x_0 = 1, and gamma, the margin of the
separator the data were drawn around (a unit vector in the same augmented space). Started
from zero, the perceptron makes at most (R / gamma)^2 mistakes, whatever eta is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autograder import nn
from autograder.compare import EPS32


def step(a: np.ndarray) -> np.ndarray:
    """The course's threshold, element by element: 1.0 where a >= 0, else 0.0."""
    return (np.asarray(a, dtype=np.float64) >= 0).astype(np.float64)


def threshold_outputs(network: nn.Network, x: np.ndarray) -> np.ndarray:
    """The output layer of a network of threshold units for one input."""
    a = np.asarray(x, dtype=np.float64)
    for layer in network:
        a = step(layer[:, 0] + layer[:, 1:] @ a)
    return a


def unit_accuracy(w: np.ndarray, b: float, data: np.ndarray, targets: np.ndarray) -> float:
    """The fraction of samples a threshold unit (w, b) classifies as their 0/1 targets."""
    predicted = step(np.asarray(data, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b)
    return float(np.mean(predicted == np.asarray(targets, dtype=np.float64)))


@dataclass(frozen=True)
class Separable:
    """Samples in [-1, 1]^d with 0/1 targets that a line (a hyperplane) separates."""

    data: list[list[float]]
    targets: list[float]
    radius: float  # R: the largest norm of (1, x)
    margin: float  # gamma: the least distance of a (1, x) to the separator through 0

    @property
    def bound(self) -> float:
        """The most mistakes a perceptron started from zero can make: (R / gamma)^2."""
        return (self.radius / self.margin) ** 2


def separable(rng: np.random.Generator, n: int, d: int, gap: float = 0.1) -> Separable:
    """n samples in d dimensions, each at least `gap` from a random separator, with at
    least a quarter of them in each class (so that neither class is a trivial one)."""
    u = rng.normal(size=d)
    u /= np.linalg.norm(u)
    c = float(rng.uniform(-0.3, 0.3))
    rows: list[np.ndarray] = []
    while len(rows) < n:
        x = rng.uniform(-1, 1, d)
        side = float(u @ x + c)
        ones = sum(float(u @ r + c) >= 0 for r in rows)
        full = (side >= 0 and ones >= n - n // 4) or (side < 0 and len(rows) - ones >= n - n // 4)
        if abs(side) >= gap and not full:
            rows.append(x)
    data = np.array(rows)
    signed = data @ u + c
    targets = (signed >= 0).astype(np.float64)
    norm = float(np.sqrt(1.0 + c * c))  # of the augmented separator (c, u)
    margin = float(np.min(np.abs(signed))) / norm
    radius = float(np.sqrt(1.0 + np.max(np.sum(data**2, axis=1))))
    return Separable(data.tolist(), targets.tolist(), radius, margin)


def perceptron_epochs(w: np.ndarray, b: float, data: list[list[float]], targets: list[float],
                      eta: float, most: int = 64) -> list[tuple[np.ndarray, float, int]]:
    """One epoch of the rule from (w, b): every outcome a correct submission may reach. An
    activation within float32's rounding of 0 (of the sizes it adds) may be on either side
    of it in a submission that computes in single precision, or mixes precisions, so both
    sides are followed (up to `most` outcomes). From zero weights an activation is exactly
    0 in any precision, and fires."""
    states = [(np.array(w, dtype=np.float64), float(b), 0)]
    for x, t in zip(np.asarray(data, dtype=np.float64), targets):
        following = []
        for w_s, b_s, m in states:
            a = b_s + float(w_s @ x)
            rounding = 8 * EPS32 * (abs(b_s) + float(np.abs(w_s) @ np.abs(x)))
            y = 1.0 if a >= 0 else 0.0
            step_ = eta * (2 * t - 1)  # the change a mistake makes: toward the target
            moved = (w_s + step_ * x, b_s + step_)
            options = [(y != t, y != t)]  # (updated, counted): the rule's own path first
            if 0 < rounding and abs(a) <= rounding:
                # either side; and a submission that computes the activation twice (to count
                # and to update) in two precisions may count one side and take the other
                options += [o for o in ((False, False), (False, True), (True, False),
                                        (True, True)) if o != options[0]]
            for updated, counted in options:
                following.append((*(moved if updated else (w_s, b_s)), m + counted))
        states = following[:most]
    return states

