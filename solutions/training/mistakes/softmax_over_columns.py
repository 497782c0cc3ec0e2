"""Normalizes each column (over the samples) instead of each row (over the classes)."""
import numpy as np

FUNCTION = "softmax"
HINT = ("rows are samples: each row of the softmax sums to 1, so take the max and the sum "
        "along axis=1 (or -1) with keepdims=True")


def softmax(s):
    s = np.asarray(s, dtype=float)
    e = np.exp(s - s.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
