"""multi_accuracy returns a percentage (0 to 100) instead of a fraction (0 to 1)."""
import numpy as np

FUNCTION = "multi_accuracy"
HINT = ("you return a percentage: the accuracy is a fraction between 0 and 1")


def multi_accuracy(data, targets, f):
    hits = [np.argmax(f(x)) == np.argmax(t) for x, t in zip(data, targets)]
    return 100.0 * sum(hits) / len(hits)
