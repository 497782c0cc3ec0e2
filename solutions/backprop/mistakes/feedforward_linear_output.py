"""The output layer is left linear: no sigmoid on the last layer."""
import math

FUNCTION = "feedforward_"
HINT = ("your output layer skips the sigmoid: every layer, the last one included, "
        "squashes its weighted sum")


def _m_sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def feedforward_(network, x):
    activations = [list(x)]
    for li, layer in enumerate(network):
        prev = activations[-1]
        current = []
        for node in layer:
            z = node[0]
            for k in range(len(prev)):
                z += node[k + 1] * prev[k]
            current.append(z if li == len(network) - 1 else _m_sigmoid(z))
        activations.append(current)
    return activations
