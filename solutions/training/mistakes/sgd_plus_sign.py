"""w + lr g: a step up the gradient."""
import numpy as np

FUNCTION = "sgd_step"
HINT = "gradient descent moves against the gradient: w - lr * g"


def sgd_step(w, g, lr):
    return np.asarray(w, dtype=float) + lr * np.asarray(g, dtype=float)
