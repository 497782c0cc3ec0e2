"""An overflow-safe sigmoid whose branch for x < 0 only swaps exp(-x) for exp(x).

1 / (1 + exp(x)) is sigmoid(-x): right for x >= 0, mirrored for x < 0.
"""
import math

FUNCTION = "sigmoid"
HINT = ("the branch of your sigmoid for negative inputs computes the sigmoid of minus the "
        "input: rewrite the formula for that branch, don't just flip the sign of the exponent")


def sigmoid(x):
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    return 1 / (1 + math.exp(x))
