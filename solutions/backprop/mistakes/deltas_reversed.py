"""Deltas appended while walking back and never reversed: [dL, ..., d1], output first."""
import numpy as np

FUNCTION = "calculate_deltas"
HINT = ("your deltas come out in the order you computed them, output layer first: return "
        "them in the order of the network's layers")


def calculate_deltas(network, activations, y):
    acts = [np.asarray(a, dtype=float) for a in activations]
    a = acts[-1]
    d = (a - np.asarray(y, dtype=float)) * a * (1 - a)
    deltas = [d]
    for li in range(len(network) - 1, 0, -1):
        W = np.asarray(network[li], dtype=float)
        d = acts[li] * (1 - acts[li]) * (W[:, 1:].T @ d)
        deltas.append(d)
    return [d.tolist() for d in deltas]
