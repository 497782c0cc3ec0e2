"""h - y for the squared error: the sigmoid's derivative does not cancel here."""
import numpy as np

FUNCTION = "delta_mse"
HINT = ("with the squared error the sigmoid's derivative stays: delta = sigmoid'(s) * (h - y); "
        "h - y alone is the delta of the cross-entropy")


def delta_mse(s, y):
    s = np.asarray(s, dtype=float)
    return 1 / (1 + np.exp(-s)) - np.asarray(y, dtype=float)
