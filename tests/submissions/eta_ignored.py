import math
import random


def sigmoid(x):
    try:
        return 1.0 / (1.0 + math.exp(-x))
    except OverflowError:
        return 0.0


def initialize_weights(n_nodes, initialize_fn=random.random):
    return [[[initialize_fn() for _ in range(n_nodes[i - 1] + 1)] for _ in range(n_nodes[i])]
            for i in range(1, len(n_nodes))]


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        inputs = [1.0] + activations[-1]
        activations.append([sigmoid(sum(w * a for w, a in zip(node, inputs))) for node in layer])
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for l in reversed(range(1, len(network))):
        a_l = activations[l]
        deltas.insert(0, [
            a_l[j] * (1 - a_l[j]) * sum(node[j + 1] * d for node, d in zip(network[l], deltas[0]))
            for j in range(len(a_l))
        ])
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        inputs = [1.0] + list(a)
        new_network.append([[w - d_j * a_k for w, a_k in zip(node, inputs)]
                            for node, d_j in zip(layer, d)])
    return new_network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(node) for node in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, list(x[i]))
            deltas = calculate_deltas(network, acts, y[i])
            # batch_update_nn, written out here: one step of gradient descent
            network = [[[w - eta * d_j * a_k for w, a_k in zip(node, [1.0] + list(a))]
                        for node, d_j in zip(layer, d)]
                       for layer, a, d in zip(network, acts, deltas)]
        losses.append(0.5 * sum((o - t) ** 2 for xi, yi in zip(x, y)
                                for o, t in zip(feedforward(network, list(xi)), yi)))
    return network, losses


def multi_accuracy(data, targets, f):
    n = 0
    for x, t in zip(data, targets):
        out = list(f(x))
        n += max(range(len(out)), key=out.__getitem__) == max(range(len(t)), key=t.__getitem__)
    return n / len(data)
