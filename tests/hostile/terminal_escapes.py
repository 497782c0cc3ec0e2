"""Hostile: multi_accuracy raises with terminal escape sequences in its message (OSC 0
sets the window title, OSC 52 writes the clipboard, CSI moves the cursor up and erases),
and the cells print them too.
Expected: both multi_accuracy checks lost with the message as raised; the text report and
the summary show its words without a single control character."""

import math
import random

print("\x1b]0;pwned\x07\x1b[2J\x1b[1;1Hscore: 100/100")


def sigmoid(x):
    # math.exp(1000) overflows, so only ever exponentiate a non-positive number
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for n_in, n_out in zip(n_nodes[:-1], n_nodes[1:]):
        layer = []
        for _ in range(n_out):
            node = []
            for _ in range(n_in + 1):  # +1 for the bias
                node.append(initialize_fn())
            layer.append(node)
        network.append(layer)
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        prev = activations[-1]
        out = []
        for node in layer:
            z = node[0]
            for w, a in zip(node[1:], prev):
                z += w * a
            out.append(sigmoid(z))
        activations.append(out)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for index in range(len(network) - 1, 0, -1):
        a_l = activations[index]
        above = network[index]
        d_above = deltas[0]
        d = []
        for j in range(len(a_l)):
            s = 0.0
            for k in range(len(above)):
                s += above[k][j + 1] * d_above[k]
            d.append(a_l[j] * (1 - a_l[j]) * s)
        deltas.insert(0, d)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        new_layer = []
        for node, d_j in zip(layer, d):
            new_node = [node[0] - eta * d_j]
            for w, a_k in zip(node[1:], a):
                new_node.append(w - eta * d_j * a_k)
            new_layer.append(new_node)
        new_network.append(new_layer)
    return new_network


def total_loss(network, x, y):
    total = 0.0
    for xi, yi in zip(x, y):
        out = feedforward(network, xi)
        for o, t in zip(out, yi):
            total += (o - t) ** 2
    return 0.5 * total


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(node) for node in layer] for layer in theta0]
    samples = list(zip(x, y))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(samples)
        for xi, yi in samples:
            activations = feedforward_(network, xi)
            deltas = calculate_deltas(network, activations, yi)
            network = batch_update_nn(network, activations, deltas, eta)
        losses.append(total_loss(network, x, y))
    return network, losses


def argmax(values):
    values = list(values)
    best = 0
    for i in range(1, len(values)):
        if values[i] > values[best]:
            best = i
    return best


def multi_accuracy(data, targets, f):
    raise ValueError("\x1b]0;pwned\x07\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b[2A\x1b[2Kboom\r")
    correct = 0
    for x, t in zip(data, targets):
        if argmax(f(x)) == argmax(t):
            correct += 1
    return correct / len(data)
