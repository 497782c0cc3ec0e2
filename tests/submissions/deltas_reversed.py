import math
import random


def sigmoid(x):
    x = float(x)
    if x > 0:
        return 1.0 / (1.0 + math.exp(-x))
    return math.exp(x) / (1.0 + math.exp(x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for i in range(1, len(n_nodes)):
        layer = []
        for _ in range(n_nodes[i]):
            layer.append([initialize_fn() for _ in range(n_nodes[i - 1] + 1)])
        network.append(layer)
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        prev = activations[-1]
        activations.append([sigmoid(n[0] + sum(w * a for w, a in zip(n[1:], prev)))
                            for n in layer])
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    # backpropagate from the output layer towards the input
    out = activations[-1]
    deltas = [[(o - t) * o * (1 - o) for o, t in zip(out, y)]]
    for l in range(len(network) - 1, 0, -1):
        prev_delta = deltas[-1]
        a = activations[l]
        new_delta = []
        for j in range(len(a)):
            back = sum(network[l][k][j + 1] * prev_delta[k] for k in range(len(network[l])))
            new_delta.append(a[j] * (1 - a[j]) * back)
        deltas.append(new_delta)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    result = []
    for l in range(len(network)):
        layer = []
        for j, node in enumerate(network[l]):
            grad = [deltas[l][j]] + [deltas[l][j] * a for a in activations[l]]
            layer.append([w - eta * g for w, g in zip(node, grad)])
        result.append(layer)
    return result


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(n) for n in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, x[i])
            deltas = calculate_deltas(network, acts, y[i])
            # calculate_deltas gives the output layer first
            deltas = deltas[::-1]
            network = batch_update_nn(network, acts, deltas, eta)
        err = 0.0
        for xi, yi in zip(x, y):
            err += sum((o - t) ** 2 for o, t in zip(feedforward(network, xi), yi))
        losses.append(0.5 * err)
    return network, losses


def multi_accuracy(data, targets, f):
    correct = 0
    for x, t in zip(data, targets):
        out = list(f(x))
        t = list(t)
        correct += out.index(max(out)) == t.index(max(t))
    return correct / len(targets)
