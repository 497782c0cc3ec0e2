"""numpy forward pass with the weight matrix transposed: W[:, 1:].T @ a.

Right shape only for square layers (wrong values there), ValueError otherwise.
"""
import numpy as np

FUNCTION = "feedforward_"
HINT = ("you multiply the inputs by the transposed weight matrix: row j of a layer holds "
        "the weights into node j")


def _m_sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def feedforward_(network, x):
    activations = [np.asarray(x, dtype=float)]
    for layer in network:
        W = np.asarray(layer, dtype=float)
        activations.append(_m_sigmoid(W[:, 0] + W[:, 1:].T @ activations[-1]))
    return [a.tolist() for a in activations]
