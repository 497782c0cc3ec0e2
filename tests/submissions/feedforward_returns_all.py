import random

import numpy as np


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(np.asarray(x, dtype=float) / 2.0))


def initialize_weights(n_nodes, initialize_fn=random.random):
    return [[[initialize_fn() for _ in range(n_in + 1)] for _ in range(n_out)]
            for n_in, n_out in zip(n_nodes, n_nodes[1:])]


def feedforward_(network, x):
    a = np.asarray(x, dtype=float)
    activations = [a]
    for W in network:
        W = np.asarray(W, dtype=float)
        a = sigmoid(W[:, 0] + W[:, 1:] @ a)
        activations.append(a)
    return activations


def feedforward(network, x):
    activations = feedforward_(network, x)
    return activations


def calculate_deltas(network, activations, y):
    a = [np.asarray(v, dtype=float) for v in activations]
    out = a[-1]
    deltas = [(out - np.asarray(y, dtype=float)) * out * (1 - out)]
    for l in range(len(network) - 1, 0, -1):
        W = np.asarray(network[l], dtype=float)
        deltas.insert(0, a[l] * (1 - a[l]) * (W[:, 1:].T @ deltas[0]))
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    result = []
    for W, a, d in zip(network, activations, deltas):
        W = np.array(W, dtype=float)
        d = np.asarray(d, dtype=float)
        W[:, 0] = W[:, 0] - eta * d
        W[:, 1:] = W[:, 1:] - eta * np.outer(d, a)
        result.append(W)
    return result


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [np.array(W, dtype=float) for W in theta0]
    order = list(range(len(x)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, x[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, y[i]), eta)
        loss = 0.0
        for xi, yi in zip(x, y):
            loss += 0.5 * np.sum((feedforward_(network, xi)[-1] - np.asarray(yi)) ** 2)
        losses.append(loss)
    return network, losses


def multi_accuracy(data, targets, f):
    hits = [np.argmax(f(x)) == np.argmax(t) for x, t in zip(data, targets)]
    return np.mean(hits)
