import math
import random


def sigmoid(x):
    return 0.5 * (1 + math.tanh(0.5 * x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for n_in, n_out in zip(n_nodes[:-1], n_nodes[1:]):
        network.append([[initialize_fn() for _ in range(n_in + 1)] for _ in range(n_out)])
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        a = activations[-1]
        activations.append([sigmoid(n[0] + sum(n[k + 1] * a[k] for k in range(len(a))))
                            for n in layer])
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(activations[-1], y)]]
    for l in range(len(network) - 1, 0, -1):
        a = activations[l]
        layer = network[l]
        deltas.insert(0, [a[j] * (1 - a[j]) * sum(layer[k][j + 1] * deltas[0][k]
                                                  for k in range(len(layer)))
                          for j in range(len(a))])
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new = []
    for layer, a, d in zip(network, activations, deltas):
        new.append([[n[0] - eta * dj] + [n[k + 1] - eta * dj * a[k] for k in range(len(a))]
                    for n, dj in zip(layer, d)])
    return new


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    network = [[list(n) for n in layer] for layer in theta0]
    losses = []
    for epoch in range(n_epochs):
        order = list(range(len(x)))
        if shuffle:
            rng = random.Random(seed)
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, x[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, y[i]), eta)
        losses.append(0.5 * sum((o - t) ** 2 for xi, yi in zip(x, y)
                                for o, t in zip(feedforward(network, xi), yi)))
    return network, losses


def multi_accuracy(data, targets, f):
    ok = 0
    for x, t in zip(data, targets):
        out = list(f(x))
        t = list(t)
        ok += out.index(max(out)) == t.index(max(t))
    return ok / len(data)
