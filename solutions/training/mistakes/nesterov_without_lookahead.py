"""Nesterov written as plain momentum: the look-ahead term is missing."""
import numpy as np

FUNCTION = "nesterov_step"
HINT = ("this is plain (PyTorch) momentum: Nesterov's step looks ahead, w <- w - lr (g + mu v) "
        "with the new v")


def nesterov_step(w, g, v, lr, mu=0.9):
    v = mu * np.asarray(v, dtype=float) + np.asarray(g, dtype=float)
    return np.asarray(w, dtype=float) - lr * v, v
