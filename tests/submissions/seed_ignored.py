import random

import numpy as np


def sigmoid(x):
    x = np.clip(x, -700, 700)
    return 1 / (1 + np.exp(-x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    nn = []
    for i in range(1, len(n_nodes)):
        nn.append([[initialize_fn() for _ in range(n_nodes[i - 1] + 1)]
                   for _ in range(n_nodes[i])])
    return nn


def feedforward_(network, x):
    activations = [np.array(x, dtype=float)]
    for layer in network:
        layer = np.array(layer, dtype=float)
        activations.append(sigmoid(layer @ np.hstack([1.0, activations[-1]])))
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    a = [np.array(v, dtype=float) for v in activations]
    deltas = [(a[-1] - np.array(y, dtype=float)) * a[-1] * (1 - a[-1])]
    for l in range(len(network) - 1, 0, -1):
        W = np.array(network[l], dtype=float)
        deltas = [a[l] * (1 - a[l]) * (W[:, 1:].T @ deltas[0])] + deltas
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    updated = []
    for W, a, d in zip(network, activations, deltas):
        W = np.array(W, dtype=float)
        grad = np.outer(np.array(d, dtype=float), np.hstack([1.0, np.array(a, dtype=float)]))
        updated.append(W - eta * grad)
    return updated


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    network = [np.array(W, dtype=float) for W in theta0]
    indices = list(range(len(x)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            random.shuffle(indices)
        for i in indices:
            acts = feedforward_(network, x[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, y[i]), eta)
        err = np.array([feedforward(network, xi) for xi in x]) - np.array(y, dtype=float)
        losses.append(0.5 * np.sum(err ** 2))
    return network, losses


def multi_accuracy(data, targets, f):
    return np.mean([np.argmax(f(x)) == np.argmax(t) for x, t in zip(data, targets)])
