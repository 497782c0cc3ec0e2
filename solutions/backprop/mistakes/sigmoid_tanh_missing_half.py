"""sigmoid by the tanh identity, without halving the argument: (1 + tanh(x)) / 2."""
import numpy as np

FUNCTION = "sigmoid"
HINT = ("your tanh form of the sigmoid halves the result but not the argument of tanh: "
        "check the identity between the sigmoid and tanh")


def sigmoid(x):
    s = 0.5 * (1.0 + np.tanh(np.asarray(x, dtype=float)))
    return s.item() if s.ndim == 0 else s
