"""zip(node, prev): the bias multiplies the first input and the last weight is dropped."""
import math

FUNCTION = "feedforward_"
HINT = ("your weighted sum pairs each row from its first entry with the inputs, so the "
        "bias acts as a weight: a row's weights start after the bias")


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
            z = sum(w * a for w, a in zip(node, prev))
            current.append(_m_sigmoid(z))
        activations.append(current)
    return activations
