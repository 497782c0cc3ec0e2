"""The epoch's loss is the plain sum of squared errors, without the factor 1/2."""
import math
import random

FUNCTION = "sgd_nn"
HINT = ("your epoch loss lacks the course's factor 1/2 in front of the sum of squared "
        "errors")


def _m_sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _m_forward(network, x):
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


def _m_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 0, -1):
        above, d_above = network[li], deltas[0]
        d = []
        for j, a in enumerate(activations[li]):
            s = 0.0
            for k in range(len(above)):
                s += above[k][j + 1] * d_above[k]
            d.append(a * (1 - a) * s)
        deltas.insert(0, d)
    return deltas


def _m_update(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        new_layer = []
        for node, d_j in zip(layer, d):
            new_node = [node[0] - eta * d_j]
            for k in range(len(a)):
                new_node.append(node[k + 1] - eta * d_j * a[k])
            new_layer.append(new_node)
        new_network.append(new_layer)
    return new_network


def _m_loss(network, x, y):
    total = 0.0
    for xi, yi in zip(x, y):
        out = _m_forward(network, xi)[-1]
        for o, t in zip(out, yi):
            total += (o - t) ** 2
    return 0.5 * total


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(node) for node in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for _epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = _m_forward(network, x[i])
            network = _m_update(network, acts, _m_deltas(network, acts, y[i]), eta)
        total = 0.0
        for xi, yi in zip(x, y):
            total += sum((o - t) ** 2 for o, t in zip(_m_forward(network, xi)[-1], yi))
        losses.append(total)
    return network, losses
