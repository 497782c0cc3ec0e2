import math
import random


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for l in range(len(n_nodes) - 1):
        network.append([[initialize_fn() for _ in range(n_nodes[l] + 1)]
                        for _ in range(n_nodes[l + 1])])
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        a = activations[-1]
        activations.append([sigmoid(node[0] + sum(w * v for w, v in zip(node[1:], a)))
                            for node in layer])
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(o - t) * o * (1 - o) for o, t in zip(out, y)]]
    for l in range(len(network) - 1, 0, -1):
        a = activations[l]
        deltas.insert(0, [a[j] * (1 - a[j]) *
                          sum(network[l][k][j + 1] * deltas[0][k] for k in range(len(network[l])))
                          for j in range(len(a))])
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    return [[[node[0] - eta * d] + [w - eta * d * a for w, a in zip(node[1:], acts)]
             for node, d in zip(layer, layer_deltas)]
            for layer, acts, layer_deltas in zip(network, activations, deltas)]


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    network = theta0
    rng = random.Random(seed)
    order = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, x[i])
            deltas = calculate_deltas(network, acts, y[i])
            # update the weights in place
            for l in range(len(network)):
                for j in range(len(network[l])):
                    network[l][j][0] -= eta * deltas[l][j]
                    for k in range(len(acts[l])):
                        network[l][j][k + 1] -= eta * deltas[l][j] * acts[l][k]
        total = 0.0
        for xi, yi in zip(x, y):
            total += sum((o - t) ** 2 for o, t in zip(feedforward(network, xi), yi))
        losses.append(0.5 * total)
    return network, losses


def multi_accuracy(data, targets, f):
    def argmax(v):
        v = list(v)
        return max(range(len(v)), key=lambda i: v[i])

    return sum(argmax(f(x)) == argmax(t) for x, t in zip(data, targets)) / len(data)
