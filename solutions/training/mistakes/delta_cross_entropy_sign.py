"""y - h: the output delta with the sign flipped."""
import numpy as np

FUNCTION = "delta_cross_entropy"
HINT = "the output delta is dE/ds = h - y (the output minus the target), not y - h"


def delta_cross_entropy(s, y):
    s = np.asarray(s, dtype=float)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return np.asarray(y, dtype=float) - e / e.sum(axis=-1, keepdims=True)
