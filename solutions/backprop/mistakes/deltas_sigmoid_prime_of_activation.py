"""The derivative is taken as sigmoid(a) * (1 - sigmoid(a)): the sigmoid applied once more.

sigma'(z) = sigma(z) * (1 - sigma(z)) = a * (1 - a); the student feeds the activation a
(not z) to a helper sigmoid_prime(z), so every derivative is sigma'(a) instead of sigma'(z).
"""
import math

FUNCTION = "calculate_deltas"
HINT = ("your derivative passes the activation through the sigmoid again: the activation "
        "already is the sigmoid of the node's input, so use it directly")


def _m_sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _m_sigmoid_prime(z):
    s = _m_sigmoid(z)
    return s * (1 - s)


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * _m_sigmoid_prime(a) for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 0, -1):
        above, d_above = network[li], deltas[0]
        d = []
        for j, a in enumerate(activations[li]):
            s = 0.0
            for k in range(len(above)):
                s += above[k][j + 1] * d_above[k]
            d.append(_m_sigmoid_prime(a) * s)
        deltas.insert(0, d)
    return deltas
