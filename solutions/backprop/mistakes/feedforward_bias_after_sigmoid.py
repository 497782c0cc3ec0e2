"""The bias is added to the node's output after the sigmoid instead of inside it."""
import math

FUNCTION = "feedforward_"
HINT = ("you add the bias after squashing: the bias belongs inside the sum that goes "
        "through the sigmoid")


def _m_sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        prev = activations[-1]
        current = []
        for node in layer:
            z = 0.0
            for k in range(len(prev)):
                z += node[k + 1] * prev[k]
            current.append(_m_sigmoid(z) + node[0])
        activations.append(current)
    return activations
