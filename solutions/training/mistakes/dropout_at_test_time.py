"""Ignores the training flag: units are dropped at test time too."""
import numpy as np

FUNCTION = "dropout"
HINT = "with training=False (test time) dropout does nothing: return x unchanged, no mask"


def dropout(x, p, rng, training=True):
    x = np.asarray(x, dtype=float)
    return x * (rng.random(x.shape) < 1 - p) / (1 - p)
