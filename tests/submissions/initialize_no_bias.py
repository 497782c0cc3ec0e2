import random

import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for i in range(len(n_nodes) - 1):
        layer = []
        for j in range(n_nodes[i + 1]):
            layer.append([initialize_fn() for _ in range(n_nodes[i])])
        network.append(layer)
    return network


def feedforward_(network, x):
    activations = [np.asarray(x, dtype=float)]
    for layer in network:
        W = np.asarray(layer, dtype=float)
        activations.append(sigmoid(W[:, 0] + W[:, 1:] @ activations[-1]))
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    a = [np.asarray(v, dtype=float) for v in activations]
    deltas = [(a[-1] - np.asarray(y, dtype=float)) * a[-1] * (1 - a[-1])]
    for l in range(len(network) - 1, 0, -1):
        W = np.asarray(network[l], dtype=float)
        deltas.insert(0, a[l] * (1 - a[l]) * (W[:, 1:].T @ deltas[0]))
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    updated = []
    for W, a, d in zip(network, activations, deltas):
        W = np.array(W, dtype=float)
        d = np.asarray(d, dtype=float)
        W[:, 0] -= eta * d
        W[:, 1:] -= eta * np.outer(d, np.asarray(a, dtype=float))
        updated.append(W)
    return updated


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    X, Y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    network = [np.array(W, dtype=float) for W in theta0]
    rng = random.Random(seed)
    order = list(range(len(X)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, X[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, Y[i]), eta)
        out = np.array([feedforward(network, xi) for xi in X])
        losses.append(0.5 * np.sum((out - Y) ** 2))
    return network, losses


def multi_accuracy(data, targets, f):
    return np.mean([np.argmax(f(x)) == np.argmax(t) for x, t in zip(data, targets)])
