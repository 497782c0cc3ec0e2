"""feedforward rounds the outputs to 0/1 "predictions" instead of returning the activations."""
import math

FUNCTION = "feedforward"
HINT = ("your feedforward rounds the outputs to class labels: it should return the output "
        "activations themselves, unrounded")


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
    return [float(round(a)) for a in _m_activations(network, x)[-1]]
