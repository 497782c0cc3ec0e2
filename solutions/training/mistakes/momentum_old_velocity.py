"""Moves by the velocity of the step before, then updates it."""
import numpy as np

FUNCTION = "momentum_step"
HINT = "update the velocity first (v <- alpha v - lr g), then move by the new v"


def momentum_step(w, g, v, lr, alpha=0.9):
    v = np.asarray(v, dtype=float)
    w = np.asarray(w, dtype=float) + v
    return w, alpha * v - lr * np.asarray(g, dtype=float)
