"""The cross-entropy averaged over the samples instead of summed."""
import numpy as np

FUNCTION = "cross_entropy"
HINT = ("the lecture's loss is summed over the samples of the batch (and the classes), "
        "not averaged: the deltas h - y are the slopes of the sum")


def cross_entropy(h, y):
    h, y = np.asarray(h, dtype=float), np.asarray(y, dtype=float)
    return -float(np.sum(y * np.log(h))) / len(h)
