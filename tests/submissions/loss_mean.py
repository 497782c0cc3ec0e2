import random

import numpy as np


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * np.asarray(x, dtype=float)) + 1)


def initialize_weights(n_nodes, initialize_fn=random.random):
    return [[[initialize_fn() for _ in range(1 + n_nodes[l])] for _ in range(n_nodes[l + 1])]
            for l in range(len(n_nodes) - 1)]


def feedforward_(network, x):
    acts = [np.asarray(x, dtype=float)]
    for W in network:
        W = np.asarray(W, dtype=float)
        acts.append(sigmoid(W[:, 1:] @ acts[-1] + W[:, 0]))
    return [a.tolist() for a in acts]


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    aL = np.asarray(activations[-1], dtype=float)
    d = (aL - np.asarray(y, dtype=float)) * aL * (1 - aL)
    deltas = [d.tolist()]
    for l in range(len(network) - 1, 0, -1):
        W = np.asarray(network[l], dtype=float)
        a = np.asarray(activations[l], dtype=float)
        d = a * (1 - a) * (W[:, 1:].T @ d)
        deltas.insert(0, d.tolist())
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new = []
    for W, a, d in zip(network, activations, deltas):
        W = np.array(W, dtype=float)
        d = np.asarray(d, dtype=float)
        W[:, 0] -= eta * d
        W[:, 1:] -= eta * np.outer(d, a)
        new.append(W.tolist())
    return new


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [np.asarray(W, dtype=float).tolist() for W in theta0]
    order = list(range(len(x)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, x[i])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, y[i]), eta)
        outputs = np.array([feedforward(network, xi) for xi in x])
        losses.append(float(np.mean((outputs - np.asarray(y, dtype=float)) ** 2)))  # MSE
    return network, losses


def multi_accuracy(data, targets, f):
    return sum(int(np.argmax(f(x)) == np.argmax(t)) for x, t in zip(data, targets)) / len(data)
