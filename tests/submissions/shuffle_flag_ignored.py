import math
import random


def sigmoid(x):
    if x < 0:
        return math.exp(x) / (1 + math.exp(x))
    return 1 / (1 + math.exp(-x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for l in range(1, len(n_nodes)):
        network.append([[initialize_fn() for _ in range(n_nodes[l - 1] + 1)]
                        for _ in range(n_nodes[l])])
    return network


def feedforward_(network, x):
    acts = [list(x)]
    for layer in network:
        acts.append([sigmoid(n[0] + sum(w * a for w, a in zip(n[1:], acts[-1]))) for n in layer])
    return acts


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(o - t) * o * (1 - o) for o, t in zip(out, y)]]
    for l in range(len(network) - 1, 0, -1):
        a = activations[l]
        deltas.insert(0, [a[j] * (1 - a[j]) * sum(n[j + 1] * d for n, d in zip(network[l],
                                                                                deltas[0]))
                          for j in range(len(a))])
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    return [[[n[0] - eta * d] + [w - eta * d * a for w, a in zip(n[1:], acts)]
             for n, d in zip(layer, ds)]
            for layer, acts, ds in zip(network, activations, deltas)]


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(n) for n in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for _ in range(n_epochs):
        rng.shuffle(order)  # SGD: visit the samples in a random order
        for i in order:
            acts = feedforward_(network, x[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, y[i]), eta)
        losses.append(0.5 * sum((o - t) ** 2 for xi, yi in zip(x, y)
                                for o, t in zip(feedforward(network, xi), yi)))
    return network, losses


def multi_accuracy(data, targets, f):
    def argmax(v):
        v = list(v)
        return v.index(max(v))

    return sum(argmax(f(x)) == argmax(t) for x, t in zip(data, targets)) / len(data)
