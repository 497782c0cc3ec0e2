"""Draws the mask from np.random instead of the generator it is given."""
import numpy as np

FUNCTION = "dropout"
HINT = ("draw the mask from the rng argument (rng.random(x.shape)), not from np.random: "
        "then the same seed gives the same mask")


def dropout(x, p, rng, training=True):
    x = np.asarray(x, dtype=float)
    if not training:
        return x
    return x * (np.random.random(x.shape) < 1 - p) / (1 - p)


def recognize(calls, replies):
    """Its masks are random, so it is known by what it does: right values, but the two
    calls with the same seed differ."""
    values = [r["value"] for r in replies]
    if any(v is None for v in values) or len(values) < 2:
        return False
    first, again = np.asarray(values[0]), np.asarray(values[1])
    return first.shape == again.shape and not np.array_equal(first, again)
