"""The grader's own numerics for the training assignment: how it measures what it is given.

A two-layer network here is params = (W1, b1, W2, b2), float64 arrays of shapes (d, H),
(1, H), (H, K), (1, K): s1 = x W1 + b1, x1 = tanh(s1), s2 = x1 W2 + b2, and an output of
softmax(s2) (K classes) or sigmoid(s2) (one output). Optimizer steps follow the lecture,
so that the grader can lay out the states of a 10-step run without asking anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from autograder.nn import sigmoid

Params = list[np.ndarray]


def softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy(h: np.ndarray, y: np.ndarray) -> float:
    """-sum over samples and classes of y log h (the lecture sums; it does not average)."""
    return -float(np.sum(y * np.log(h)))


def binary_cross_entropy(h: np.ndarray, y: np.ndarray) -> float:
    return -float(np.sum(y * np.log(h) + (1 - y) * np.log(1 - h)))


def mse(h: np.ndarray, y: np.ndarray) -> float:
    return 0.5 * float(np.sum((h - y) ** 2))


# The activations and their derivatives, as the lecture defines them (ReLU's slope at 0 is
# 1): what a student's g is held to before g' is held to the slope of that g.
ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], ...]] = {
    "sigmoid": (sigmoid, lambda s: sigmoid(s) * (1 - sigmoid(s))),
    "tanh": (np.tanh, lambda s: 1 - np.tanh(s) ** 2),
    "relu": (lambda s: np.maximum(s, 0.0), lambda s: (s >= 0).astype(float)),
    "leaky_relu": (lambda s: np.where(s >= 0, s, 0.01 * s),
                   lambda s: np.where(s >= 0, 1.0, 0.01)),
}
# The losses of an output h against targets y, summed over the batch.
LOSSES: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "cross_entropy": cross_entropy,
    "binary_cross_entropy": binary_cross_entropy,
    "mse": mse,
}


def random_params(rng: np.random.Generator, sizes: Sequence[int], scale: float = 1.0) -> Params:
    """(W1, b1, W2, b2) for layer sizes (d, H, K), uniform in [-scale, scale]."""
    d, hidden, k = sizes
    return [rng.uniform(-scale, scale, shape) for shape in ((d, hidden), (1, hidden),
                                                              (hidden, k), (1, k))]


def as_params(value: Sequence) -> Params:
    return [np.array(p, dtype=np.float64) for p in value]


def forward(params: Params, x: np.ndarray, output: Callable = softmax) -> list[np.ndarray]:
    """The cache (x, s1, x1, s2, h) of the lecture's forward pass."""
    w1, b1, w2, b2 = params
    s1 = x @ w1 + b1
    x1 = np.tanh(s1)
    s2 = x1 @ w2 + b2
    return [x, s1, x1, s2, output(s2)]


def loss(params: Params, x: np.ndarray, y: np.ndarray) -> float:
    """The cross-entropy of the softmax network on a batch."""
    return cross_entropy(forward(params, x)[-1], y)


def binary_accuracy(params: Params, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of samples on the right side of 0.5 for a one-output sigmoid network."""
    h = forward(params, x, sigmoid)[-1]
    return float(np.mean((h[:, 0] > 0.5) == (y[:, 0] > 0.5)))


def mean_binary_cross_entropy(params: Params, x: np.ndarray, y: np.ndarray) -> float:
    return binary_cross_entropy(forward(params, x, sigmoid)[-1], y) / len(x)


def preprocess(train: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Missing values (NaN) become the training part's column means; then both parts are
    rescaled with the training part's minimum and maximum."""
    means = np.nanmean(train, axis=0)
    train = np.where(np.isnan(train), means, train)
    other = np.where(np.isnan(other), means, other)
    low, high = train.min(axis=0), train.max(axis=0)
    return (train - low) / (high - low), (other - low) / (high - low)


# Optimizer steps: (w, g, *state, **hyper) -> (w, *state), as the notebook asks of students.

def sgd_step(w: np.ndarray, g: np.ndarray, lr: float) -> tuple[np.ndarray]:
    return (w - lr * g,)


def momentum_step(w: np.ndarray, g: np.ndarray, v: np.ndarray, lr: float,
                  alpha: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    v = alpha * v - lr * g
    return w + v, v


def momentum_pytorch_step(w: np.ndarray, g: np.ndarray, v: np.ndarray, lr: float,
                          mu: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    v = mu * v + g
    return w - lr * v, v


def nesterov_step(w: np.ndarray, g: np.ndarray, v: np.ndarray, lr: float,
                  mu: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    v = mu * v + g
    return w - lr * (g + mu * v), v


def adagrad_step(w: np.ndarray, g: np.ndarray, r: np.ndarray, lr: float,
                 eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    r = r + g ** 2
    return w - lr * g / (np.sqrt(r) + eps), r


def rmsprop_step(w: np.ndarray, g: np.ndarray, r: np.ndarray, lr: float, beta: float = 0.9,
                 eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray]:
    r = beta * r + (1 - beta) * g ** 2
    return w - lr * g / (np.sqrt(r) + eps), r


def adam_step(w: np.ndarray, g: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float,
              beta1: float = 0.9, beta2: float = 0.999,
              eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat, v_hat = m / (1 - beta1 ** t), v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


STEPS: dict[str, Callable[..., tuple[np.ndarray, ...]]] = {
    "sgd_step": sgd_step,
    "momentum_step": momentum_step,
    "momentum_pytorch_step": momentum_pytorch_step,
    "nesterov_step": nesterov_step,
    "adagrad_step": adagrad_step,
    "rmsprop_step": rmsprop_step,
    "adam_step": adam_step,
}
STATES = {"sgd_step": (), "momentum_step": ("v",), "momentum_pytorch_step": ("v",),
          "nesterov_step": ("v",), "adagrad_step": ("r",), "rmsprop_step": ("r",),
          "adam_step": ("m", "v")}
