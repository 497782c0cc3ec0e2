"""a (1 - a) applied to s itself, instead of to a = sigmoid(s)."""
import numpy as np

FUNCTION = "sigmoid_prime"
HINT = ("sigmoid_prime takes the pre-activation s: it is sigmoid(s) * (1 - sigmoid(s)), "
        "not s * (1 - s)")


def sigmoid_prime(s):
    s = np.asarray(s, dtype=float)
    return s * (1 - s)
