"""RMSProp with beta and 1 - beta swapped: the average forgets almost everything."""
import numpy as np

FUNCTION = "rmsprop_step"
HINT = "the running average keeps beta of the old r: r <- beta r + (1 - beta) g**2"


def rmsprop_step(w, g, r, lr, beta=0.9, eps=1e-8):
    g = np.asarray(g, dtype=float)
    r = (1 - beta) * np.asarray(r, dtype=float) + beta * g ** 2
    return np.asarray(w, dtype=float) - lr * g / (np.sqrt(r) + eps), r
