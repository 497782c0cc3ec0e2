"""sigmoid straight from the formula with math.exp: sigmoid(-1000) raises OverflowError."""
import math

FUNCTION = "sigmoid"
HINT = ("your sigmoid exponentiates a large positive number for very negative inputs and "
        "overflows: compute it so that the exponent is never positive")


def sigmoid(x):
    return 1 / (1 + math.exp(-x))
