"""Leaky ReLU's derivative without the leak: 0 for negative s."""
import numpy as np

FUNCTION = "leaky_relu_prime"
HINT = "leaky ReLU's slope for s < 0 is 0.01, not 0: that is what keeps its units alive"


def leaky_relu_prime(s):
    return (np.asarray(s, dtype=float) >= 0).astype(float)
