"""Backpropagation with feedforward_ and calculate_deltas written recursively, rest plain.

feedforward_ peels off the first layer: the activations are the input followed by the
activations of the rest of the network on the first layer's output. calculate_deltas
recurses towards the output: the deltas of network[0] need those of network[1:] first.
"""
import math
import random


def sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for l in range(1, len(n_nodes)):
        layer = []
        for j in range(n_nodes[l]):
            layer.append([initialize_fn() for k in range(n_nodes[l - 1] + 1)])
        network.append(layer)
    return network


def feedforward_(network, x):
    x = list(x)
    if len(network) == 0:
        return [x]
    first = network[0]
    a = [sigmoid(node[0] + sum(w * v for w, v in zip(node[1:], x))) for node in first]
    return [x] + feedforward_(network[1:], a)


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    # network[0] feeds activations[1]; the deltas above come from the recursive call
    a = activations[1]
    if len(network) == 1:
        return [[(a_j - t) * a_j * (1 - a_j) for a_j, t in zip(a, y)]]
    later = calculate_deltas(network[1:], activations[1:], y)
    above, d_above = network[1], later[0]
    d = []
    for j in range(len(a)):
        s = sum(above[k][j + 1] * d_above[k] for k in range(len(above)))
        d.append(a[j] * (1 - a[j]) * s)
    return [d] + later


def batch_update_nn(network, activations, deltas, eta):
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


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(node) for node in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            activations = feedforward_(network, x[i])
            deltas = calculate_deltas(network, activations, y[i])
            network = batch_update_nn(network, activations, deltas, eta)
        loss = 0.0
        for xi, yi in zip(x, y):
            for o, t in zip(feedforward(network, xi), yi):
                loss += (o - t) ** 2
        losses.append(0.5 * loss)
    return network, losses


def multi_accuracy(data, targets, f):
    correct = 0
    for x, t in zip(data, targets):
        out = list(f(x))
        if out.index(max(out)) == list(t).index(max(t)):
            correct += 1
    return correct / len(data)
