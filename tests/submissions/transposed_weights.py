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
        network.append([[initialize_fn() for _ in range(n_nodes[l - 1] + 1)]
                        for _ in range(n_nodes[l])])
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        prev = activations[-1]
        activations.append([sigmoid(node[0] + sum(node[k + 1] * prev[k] for k in range(len(prev))))
                            for node in layer])
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(out[j] - y[j]) * out[j] * (1 - out[j]) for j in range(len(out))]]
    for l in range(len(network) - 1, 0, -1):
        a = activations[l]
        d_next = deltas[0]
        # error sent back to node j: its weights times the deltas of the next layer
        d = [a[j] * (1 - a[j]) * sum(network[l][j][k + 1] * d_next[k] for k in range(len(d_next)))
             for j in range(len(a))]
        deltas.insert(0, d)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    return [[[node[0] - eta * deltas[l][j]]
             + [node[k + 1] - eta * deltas[l][j] * activations[l][k]
                for k in range(len(activations[l]))]
             for j, node in enumerate(network[l])]
            for l in range(len(network))]


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[node[:] for node in layer] for layer in theta0]
    data = list(zip(x, y))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(data)
        for xi, yi in data:
            acts = feedforward_(network, xi)
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, yi), eta)
        losses.append(sum(0.5 * (o - t) ** 2
                          for xi, yi in zip(x, y)
                          for o, t in zip(feedforward(network, xi), yi)))
    return network, losses


def multi_accuracy(data, targets, f):
    def argmax(v):
        v = list(v)
        return v.index(max(v))

    return sum(argmax(f(x)) == argmax(t) for x, t in zip(data, targets)) / len(data)
