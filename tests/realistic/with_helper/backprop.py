"""Backpropagation, as a student hands it in: a helper module of their own beside it
(randomness.py), last year's signature for sgd_nn, and two bugs: the hidden deltas read
the weight one place to the left, and the update skips the last weight of each node."""
import math
import random

from randomness import seeded_shuffle, uniform


def sigmoid(x):
    # math.exp(1000) overflows, so only ever exponentiate a non-positive number
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def initialize_weights(n_nodes, initialize_fn=uniform):
    network = []
    for l in range(1, len(n_nodes)):
        layer = []
        for j in range(n_nodes[l]):
            node = []
            for k in range(n_nodes[l - 1] + 1):  # +1 for the bias
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
    for l in range(len(network) - 1, 0, -1):
        a_l = activations[l]
        above = network[l]
        d_above = deltas[0]
        d = []
        for j in range(len(a_l)):
            s = 0.0
            for k in range(len(above)):
                s += above[k][j] * d_above[k]
            d.append(a_l[j] * (1 - a_l[j]) * s)
        deltas.insert(0, d)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        new_layer = []
        for node, d_j in zip(layer, d):
            new_node = [node[0] - eta * d_j]
            for i in range(len(node) - 2):
                new_node.append(node[i + 1] - eta * d_j * a[i])
            new_node.append(node[-1])
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


def sgd_nn(x, y, theta_0, alpha_0, iterations):
    network = [[list(node) for node in layer] for layer in theta_0]
    eta = alpha_0
    samples = list(zip(x, y))
    losses = []
    for epoch in range(iterations):
        seeded_shuffle(samples, epoch)
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
    correct = 0
    for x, t in zip(data, targets):
        if argmax(f(x)) == argmax(t):
            correct += 1
    return correct / len(data)
