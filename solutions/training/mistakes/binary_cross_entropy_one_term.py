"""-sum y log h: the (1 - y) log(1 - h) term of the negative class is missing."""
import numpy as np

FUNCTION = "binary_cross_entropy"
HINT = ("binary cross-entropy has a term for each class: "
        "-sum(y log h + (1 - y) log(1 - h)); without the second, a 0 target costs nothing")


def binary_cross_entropy(h, y):
    h, y = np.asarray(h, dtype=float), np.asarray(y, dtype=float)
    return -float(np.sum(y * np.log(h)))
