"""feedforward_ returns [a1, ..., aL], without the input x."""
import math

FUNCTION = "feedforward_"
HINT = ("your list of activations leaves out the input layer: it should start with x "
        "itself, one entry per layer of nodes")


def _m_sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def feedforward_(network, x):
    activations = []
    prev = list(x)
    for layer in network:
        current = []
        for node in layer:
            z = node[0]
            for k in range(len(prev)):
                z += node[k + 1] * prev[k]
            current.append(_m_sigmoid(z))
        activations.append(current)
        prev = current
    return activations
