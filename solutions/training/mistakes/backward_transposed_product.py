"""dW2 = delta2^T x1: the transpose of the gradient (the shape shows it)."""
import numpy as np

FUNCTION = "backward"
HINT = ("a weight gradient has its weight's shape: dW2 = x1.T @ delta2 (H x K) and "
        "dW1 = x.T @ delta1 (d x H)")


def backward(params, cache, y):
    W2 = np.asarray(params[2], dtype=float)
    x, s1, x1, s2, h = (np.asarray(c, dtype=float) for c in cache)
    d2 = h - np.asarray(y, dtype=float)
    d1 = (1 - np.tanh(s1) ** 2) * (d2 @ W2.T)
    return d1.T @ x, d1.sum(axis=0, keepdims=True), d2.T @ x1, d2.sum(axis=0, keepdims=True)
