import random

import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    result = 0.5 * (1 + np.tanh(0.5 * x))
    return float(result) if result.ndim == 0 else result


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for n_in, n_out in zip(n_nodes[:-1], n_nodes[1:]):
        network.append([[initialize_fn() for _ in range(n_in + 1)] for _ in range(n_out)])
    return network


def feedforward_(network, x):
    activations = [np.asarray(x, dtype=float)]
    for W in network:
        W = np.asarray(W, dtype=float)
        activations.append(sigmoid(W @ np.r_[1.0, activations[-1]]))
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
    new = []
    for W, a, d in zip(network, activations, deltas):
        W = np.asarray(W, dtype=float)
        new.append(W - eta * np.outer(np.asarray(d, dtype=float),
                                      np.r_[1.0, np.asarray(a, dtype=float)]))
    return new


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [np.array(W, dtype=float) for W in theta0]
    X, Y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    order = list(range(len(X)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, X[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, Y[i]), eta)
        outputs = np.array([feedforward(network, xi) for xi in X])
        losses.append(0.5 * np.sum((outputs - Y) ** 2))
    return network, losses


def multi_accuracy(data, targets, f):
    correct = 0
    for x, t in zip(data, targets):
        if np.argmax(f(x)) == np.argmax(t):
            correct += 1
    return correct
