import math
import random


def sigmoid(x):
    return 0.5 * (1 + math.tanh(x / 2))


def initialize_weights(n_nodes, initialize_fn=random.random):
    w = initialize_fn()
    network = []
    for l in range(len(n_nodes) - 1):
        network.append([[w for _ in range(n_nodes[l] + 1)] for _ in range(n_nodes[l + 1])])
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        activations.append([sigmoid(node[0] + sum(w * a for w, a in zip(node[1:],
                                                                          activations[-1])))
                             for node in layer])
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    L = len(network)
    deltas = [None] * L
    deltas[-1] = [(a - t) * a * (1 - a) for a, t in zip(activations[-1], y)]
    for l in range(L - 1, 0, -1):
        a = activations[l]
        deltas[l - 1] = [a[j] * (1 - a[j]) * sum(node[j + 1] * d
                                                 for node, d in zip(network[l], deltas[l]))
                         for j in range(len(a))]
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        new_network.append([[node[0] - eta * dj] + [w - eta * dj * ak
                                                   for w, ak in zip(node[1:], a)]
                            for node, dj in zip(layer, d)])
    return new_network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[node[:] for node in layer] for layer in theta0]
    pairs = list(zip(x, y))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(pairs)
        for xi, yi in pairs:
            acts = feedforward_(network, xi)
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, yi), eta)
        losses.append(sum(0.5 * sum((o - t) ** 2 for o, t in zip(feedforward(network, xi), yi))
                          for xi, yi in zip(x, y)))
    return network, losses


def multi_accuracy(data, targets, f):
    def argmax(v):
        v = list(v)
        return v.index(max(v))

    right = [argmax(f(x)) == argmax(t) for x, t in zip(data, targets)]
    return sum(right) / len(right)
