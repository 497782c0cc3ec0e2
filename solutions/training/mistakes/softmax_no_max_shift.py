"""exp(s) / sum exp(s) without subtracting the row's maximum: inf / inf at s = 1000."""
import numpy as np

FUNCTION = "softmax"
HINT = ("subtract each row's maximum before exponentiating: exp(1000) overflows to inf, and "
        "inf / inf is nan; the shift leaves the softmax unchanged")


def softmax(s):
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.asarray(s, dtype=float))
        return e / e.sum(axis=-1, keepdims=True)
