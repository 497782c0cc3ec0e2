"""The input is passed through the sigmoid too, as if it were a layer of units."""
import math

FUNCTION = "feedforward_"
HINT = ("you pass the input itself through the sigmoid: the input layer's activations "
        "are x exactly as given")


def _m_sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def feedforward_(network, x):
    activations = [[_m_sigmoid(v) for v in x]]
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
