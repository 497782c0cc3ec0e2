"""threshold ignores signed: the +-1 variant outputs 0 instead of -1."""
FUNCTION = "threshold"
HINT = "with signed=True a unit that does not fire outputs -1, not 0"


def threshold(a, signed=False):
    return 1 if a >= 0 else 0
