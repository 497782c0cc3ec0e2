import math
import random


def sigmoid(x):
    if x < 0:
        e = math.exp(x)
        return e / (1 + e)
    return 1 / (1 + math.exp(-x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for l in range(1, len(n_nodes)):
        layer = []
        for j in range(n_nodes[l]):
            layer.append([initialize_fn() for _ in range(n_nodes[l - 1] + 1)])
        network.append(layer)
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        prev = activations[-1]
        activations.append([sigmoid(w[0] + sum(w[k + 1] * prev[k] for k in range(len(prev))))
                            for w in layer])
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    deltas = [[] for _ in network]
    out = activations[-1]
    deltas[-1] = [(out[j] - y[j]) * out[j] * (1 - out[j]) for j in range(len(out))]
    for l in range(len(network) - 2, -1, -1):
        a = activations[l + 1]
        above = network[l + 1]
        deltas[l] = [a[j] * (1 - a[j]) * sum(above[k][j + 1] * deltas[l + 1][k]
                                             for k in range(len(above)))
                     for j in range(len(a))]
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for l, layer in enumerate(network):
        new_layer = []
        for j, w in enumerate(layer):
            new_w = [w[0] - eta * deltas[l][j]]
            new_w += [w[k + 1] - eta * deltas[l][j] * activations[l][k]
                      for k in range(len(activations[l]))]
            new_layer.append(new_w)
        new_network.append(new_layer)
    return new_network


def loss(network, x, y):
    total = 0
    for xi, yi in zip(x, y):
        out = feedforward(network, xi)
        total += sum((o - t) ** 2 for o, t in zip(out, yi))
    return total / 2


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(w) for w in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        losses.append(loss(network, x, y))
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, x[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, y[i]), eta)
    return network, losses


def multi_accuracy(data, targets, f):
    correct = 0
    for x, t in zip(data, targets):
        out = list(f(x))
        if out.index(max(out)) == list(t).index(max(t)):
            correct += 1
    return correct / len(data)
