"""1 - tanh(s) instead of 1 - tanh(s)**2."""
import numpy as np

FUNCTION = "tanh_prime"
HINT = "tanh's derivative is 1 - tanh(s)**2: square the tanh"


def tanh_prime(s):
    return 1.0 - np.tanh(np.asarray(s, dtype=float))
