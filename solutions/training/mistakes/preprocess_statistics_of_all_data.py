"""Means, minimum and maximum over the training and the other part together."""
import numpy as np

FUNCTION = "preprocess"
HINT = ("compute the means, minimum and maximum on the training part only, and apply them to "
        "both parts: statistics of all the data let the test part leak into training")


def preprocess(train, other):
    train, other = np.array(train, dtype=float), np.array(other, dtype=float)
    both = np.vstack([train, other])
    means = np.nanmean(both, axis=0)
    train = np.where(np.isnan(train), means, train)
    other = np.where(np.isnan(other), means, other)
    both = np.vstack([train, other])
    low, high = both.min(axis=0), both.max(axis=0)
    return (train - low) / (high - low), (other - low) / (high - low)
