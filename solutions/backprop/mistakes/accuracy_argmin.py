"""The predicted class is the output with the smallest activation: argmin for argmax."""
import numpy as np

FUNCTION = "multi_accuracy"
HINT = ("your predicted class is the output with the smallest activation: the prediction "
        "is the output that is largest")


def multi_accuracy(data, targets, f):
    correct = 0
    for x, t in zip(data, targets):
        if np.argmin(f(x)) == np.argmax(t):
            correct += 1
    return correct / len(data)
