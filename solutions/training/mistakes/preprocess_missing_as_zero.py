"""Missing values become 0 instead of the column's mean."""
import numpy as np

FUNCTION = "preprocess"
HINT = ("replace a missing value by its column's mean over the training rows "
        "(np.nanmean), not by 0: 0 is a real, and here impossible, measurement")


def preprocess(train, other):
    train = np.nan_to_num(np.array(train, dtype=float))
    other = np.nan_to_num(np.array(other, dtype=float))
    low, high = train.min(axis=0), train.max(axis=0)
    return (train - low) / (high - low), (other - low) / (high - low)
