"""AdaGrad that forgets: r is the last squared gradient, not the sum of all of them."""
import numpy as np

FUNCTION = "adagrad_step"
HINT = "AdaGrad accumulates: r <- r + g**2, the sum of every squared gradient so far"


def adagrad_step(w, g, r, lr, eps=1e-8):
    g = np.asarray(g, dtype=float)
    r = g ** 2
    return np.asarray(w, dtype=float) - lr * g / (np.sqrt(r) + eps), r
