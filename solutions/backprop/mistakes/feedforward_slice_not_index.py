"""feedforward returns activations[-1:], a list holding the output vector, not the vector."""
import math

FUNCTION = "feedforward"
HINT = ("your feedforward returns a list that holds the output vector: take the last "
        "element of the activations, not a slice of them")


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
    return _m_activations(network, x)[-1:]
