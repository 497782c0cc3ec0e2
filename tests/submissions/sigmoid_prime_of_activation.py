import random

import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1 + ex)
    return out if out.ndim else out.item()


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


def initialize_weights(n_nodes, initialize_fn=random.random):
    layers = []
    for n_prev, n_cur in zip(n_nodes[:-1], n_nodes[1:]):
        layers.append([[initialize_fn() for _ in range(1 + n_prev)] for _ in range(n_cur)])
    return layers


def feedforward_(network, x):
    activations = [np.array(x, dtype=float)]
    for layer in network:
        layer = np.array(layer, dtype=float)
        z = layer[:, 0] + layer[:, 1:] @ activations[-1]
        activations.append(sigmoid(z))
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    activations = [np.array(a, dtype=float) for a in activations]
    delta = (activations[-1] - np.array(y, dtype=float)) * sigmoid_prime(activations[-1])
    deltas = [delta]
    for l in reversed(range(1, len(network))):
        W = np.array(network[l], dtype=float)
        delta = (W[:, 1:].T @ delta) * sigmoid_prime(activations[l])
        deltas.insert(0, delta)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for W, a, d in zip(network, activations, deltas):
        W = np.array(W, dtype=float)
        d = np.array(d, dtype=float)
        W[:, 0] -= eta * d
        W[:, 1:] -= eta * np.outer(d, np.array(a, dtype=float))
        new_network.append(W)
    return new_network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [np.array(W, dtype=float) for W in theta0]
    order = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            a = feedforward_(network, x[i])
            network = batch_update_nn(network, a, calculate_deltas(network, a, y[i]), eta)
        out = np.array([feedforward(network, xi) for xi in x])
        losses.append(float(0.5 * ((out - np.array(y, dtype=float)) ** 2).sum()))
    return network, losses


def multi_accuracy(data, targets, f):
    return float(np.mean([np.argmax(f(x)) == np.argmax(t) for x, t in zip(data, targets)]))
