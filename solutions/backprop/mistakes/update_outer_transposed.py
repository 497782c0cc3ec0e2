"""numpy update with the outer product the wrong way round: W[:, 1:] -= eta * np.outer(a, d).

The outer product has the wrong orientation: wrong values for square layers, a broadcast
error otherwise.
"""
import numpy as np

FUNCTION = "batch_update_nn"
HINT = ("your weight step is the transposed outer product: the step of the weight from "
        "input k into node j is the node's delta times the input's activation")


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        W = np.array(layer, dtype=float)
        a = np.asarray(a, dtype=float)
        d = np.asarray(d, dtype=float)
        W[:, 0] -= eta * d
        W[:, 1:] -= eta * np.outer(a, d)
        new_network.append(W.tolist())
    return new_network
