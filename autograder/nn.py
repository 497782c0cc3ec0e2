"""The grader's own forward pass, loss and accuracy: how it measures a network it was given.

Networks here are lists of float64 arrays of shape (n_nodes, 1 + n_inputs), bias first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Network = list[np.ndarray]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), exponentiating only -|z|: no overflow, full precision in both tails."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def as_network(layers: Sequence) -> Network:
    return [np.array(layer, dtype=np.float64) for layer in layers]


def forward(network: Network, inputs: np.ndarray) -> list[np.ndarray]:
    """Activations of every layer, the inputs first, for one sample or a batch of rows."""
    activations = [np.asarray(inputs, dtype=np.float64)]
    for layer in network:
        z = activations[-1] @ layer[:, 1:].T + layer[:, 0]
        activations.append(sigmoid(z))
    return activations


def outputs(network: Network, inputs: np.ndarray) -> np.ndarray:
    return forward(network, inputs)[-1]


def loss(network: Network, inputs: np.ndarray, targets: np.ndarray) -> float:
    """The course's loss: 1/2 the sum over samples and outputs of (a - y)^2."""
    return 0.5 * float(np.sum((outputs(network, inputs) - targets) ** 2))


def accuracy(network: Network, inputs: np.ndarray, targets: np.ndarray) -> float:
    """Fraction classified right: argmax for several outputs, a 0.5 threshold for one."""
    predicted = outputs(network, inputs)
    targets = np.asarray(targets, dtype=np.float64)
    if predicted.shape[-1] == 1:
        hits = (predicted[:, 0] > 0.5) == (targets[:, 0] > 0.5)
    else:
        hits = predicted.argmax(axis=1) == targets.argmax(axis=1)
    return float(np.mean(hits))


def random_network(rng: np.random.Generator, sizes: Sequence[int], scale: float = 1.0) -> Network:
    """Weights drawn uniformly from [-scale, scale], one layer per pair of sizes."""
    return [rng.uniform(-scale, scale, size=(n_out, 1 + n_in))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def to_lists(network: Network) -> list[list[list[float]]]:
    """The course's plain format, which is what crosses to the child."""
    return [layer.tolist() for layer in network]
