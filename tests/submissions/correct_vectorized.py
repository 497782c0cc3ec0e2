# Vectorized backprop: every layer is one matrix product.
import random

import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))  # never exp of a positive number, so no overflow
    s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    if s.ndim == 0:
        return float(s)
    return s


def initialize_weights(n_nodes, initialize_fn=random.random):
    return [
        [[initialize_fn() for _ in range(n_nodes[i] + 1)] for _ in range(n_nodes[i + 1])]
        for i in range(len(n_nodes) - 1)
    ]


def feedforward_(network, x):
    activations = [np.asarray(x, dtype=float)]
    for layer in network:
        W = np.asarray(layer, dtype=float)
        activations.append(sigmoid(W[:, 1:] @ activations[-1] + W[:, 0]))
    return [a.tolist() for a in activations]


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    a_L = np.asarray(activations[-1], dtype=float)
    d = (a_L - np.asarray(y, dtype=float)) * a_L * (1.0 - a_L)
    deltas = [d]
    for l in reversed(range(1, len(network))):
        W = np.asarray(network[l], dtype=float)
        a = np.asarray(activations[l], dtype=float)
        d = (W[:, 1:].T @ d) * a * (1.0 - a)
        deltas.insert(0, d)
    return [d.tolist() for d in deltas]


def batch_update_nn(network, activations, deltas, eta):
    new = []
    for layer, a, d in zip(network, activations, deltas):
        W = np.asarray(layer, dtype=float)
        d = np.asarray(d, dtype=float)
        a = np.asarray(a, dtype=float)
        grad = np.column_stack([d, np.outer(d, a)])
        new.append((W - eta * grad).tolist())
    return new


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [np.asarray(layer, dtype=float).tolist() for layer in theta0]
    idx = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(idx)
        for i in idx:
            acts = feedforward_(network, x[i])
            deltas = calculate_deltas(network, acts, y[i])
            network = batch_update_nn(network, acts, deltas, eta)
        err = np.array([feedforward(network, xi) for xi in x]) - np.asarray(y, dtype=float)
        losses.append(0.5 * float(np.sum(err ** 2)))
    return network, losses


def multi_accuracy(data, targets, f):
    hits = 0
    for x, t in zip(data, targets):
        hits += int(np.argmax(f(x)) == np.argmax(t))
    return hits / len(data)
