"""db2 summed over the classes (axis 1) instead of over the samples (axis 0)."""
import numpy as np

FUNCTION = "backward"
HINT = ("a bias gradient sums the deltas over the samples, the rows: "
        "delta.sum(axis=0, keepdims=True), of the bias's shape 1 x n")


def backward(params, cache, y):
    W2 = np.asarray(params[2], dtype=float)
    x, s1, x1, s2, h = (np.asarray(c, dtype=float) for c in cache)
    d2 = h - np.asarray(y, dtype=float)
    d1 = (1 - np.tanh(s1) ** 2) * (d2 @ W2.T)
    return x.T @ d1, d1.sum(axis=0, keepdims=True), x1.T @ d2, d2.sum(axis=1, keepdims=True)
