import math
import random


def sigmoid(x):
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    return math.exp(x) / (1 + math.exp(x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for l in range(1, len(n_nodes)):
        network.append([[initialize_fn() for _ in range(n_nodes[l - 1] + 1)]
                        for _ in range(n_nodes[l])])
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        a = activations[-1]
        out = []
        for node in layer:
            z = 0
            for k in range(len(a)):
                z += node[k + 1] * a[k]
            out.append(sigmoid(z))
        activations.append(out)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(activations[-1], y)]]
    for l in range(len(network) - 1, 0, -1):
        d = []
        for j, a in enumerate(activations[l]):
            s = 0
            for k, node in enumerate(network[l]):
                s += node[j + 1] * deltas[0][k]
            d.append(a * (1 - a) * s)
        deltas.insert(0, d)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for l in range(len(network)):
        new_layer = []
        for j, node in enumerate(network[l]):
            new_node = [node[0] - eta * deltas[l][j]]
            for k, a in enumerate(activations[l]):
                new_node.append(node[k + 1] - eta * deltas[l][j] * a)
            new_layer.append(new_node)
        new_network.append(new_layer)
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
            acts = feedforward_(network, x[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, y[i]), eta)
        total = 0
        for xi, yi in zip(x, y):
            total += sum((o - t) ** 2 for o, t in zip(feedforward(network, xi), yi))
        losses.append(total / 2)
    return network, losses


def multi_accuracy(data, targets, f):
    correct = 0
    for x, t in zip(data, targets):
        out = list(f(x))
        t = list(t)
        if out.index(max(out)) == t.index(max(t)):
            correct += 1
    return correct / len(data)
