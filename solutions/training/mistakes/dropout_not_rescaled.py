"""Drops units but does not scale up the ones kept."""
import numpy as np

FUNCTION = "dropout"
HINT = ("inverted dropout divides the units it keeps by 1 - p, so that the expected output "
        "equals x and nothing changes at test time")


def dropout(x, p, rng, training=True):
    x = np.asarray(x, dtype=float)
    if not training:
        return x
    return x * (rng.random(x.shape) < 1 - p)
