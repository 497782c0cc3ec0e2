"""feedforward returns every layer's activations instead of only the output layer."""
import math

FUNCTION = "feedforward"
HINT = ("your feedforward returns the activations of every layer: it should return only "
        "the output layer")


def _m_sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _m_activations(network, x):
    activations = [list(x)]
    for layer in network:
        prev = activations[-1]
        current = []
        for node in layer:
            z = node[0]
            for k in range(len(prev)):
                z += node[k + 1] * prev[k]
            current.append(_m_sigmoid(z))
        activations.append(current)
    return activations


def feedforward(network, x):
    return _m_activations(network, x)
