"""ReLU's derivative taken as 0 at s = 0."""
import numpy as np

FUNCTION = "relu_prime"
HINT = "the lecture takes ReLU's derivative at 0 to be 1: 1 where s >= 0, else 0"


def relu_prime(s):
    return (np.asarray(s, dtype=float) > 0).astype(float)
