"""The weighted sum starts at 0 and skips the bias node[0]."""
import math

FUNCTION = "feedforward_"
HINT = ("your weighted sums leave out the bias: each node adds the first entry of its row "
        "to the weighted sum of its inputs")


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
            current.append(_m_sigmoid(z))
        activations.append(current)
    return activations
