"""threshold fires only when a > 0: a unit with a = 0 stays silent."""
FUNCTION = "threshold"
HINT = ("a unit whose activation is exactly zero fires: the threshold is 1 when a >= 0, "
        "not only when a > 0")


def threshold(a, signed=False):
    if a > 0:
        return 1
    return -1 if signed else 0
