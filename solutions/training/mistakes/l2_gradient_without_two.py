"""g + lam w: the derivative of lam * w**2 is 2 lam w."""
import numpy as np

FUNCTION = "l2_gradient"
HINT = "the penalty lam * sum(w**2) adds its derivative 2 * lam * w to the gradient"


def l2_gradient(g, w, lam):
    return np.asarray(g, dtype=float) + lam * np.asarray(w, dtype=float)
