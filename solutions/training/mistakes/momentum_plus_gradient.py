"""The lecture's momentum with v <- alpha v + lr g: the velocity points uphill."""
import numpy as np

FUNCTION = "momentum_step"
HINT = ("in the lecture's form the velocity subtracts the gradient: v <- alpha v - lr g, "
        "then w <- w + v")


def momentum_step(w, g, v, lr, alpha=0.9):
    v = alpha * np.asarray(v, dtype=float) + lr * np.asarray(g, dtype=float)
    return np.asarray(w, dtype=float) + v, v
