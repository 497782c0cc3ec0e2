import random

import numpy as np


def sigmoid(x):
    if np.isscalar(x):
        x = float(x)
        if x >= 0:
            return 1.0 / (1.0 + np.exp(-x))
        return np.exp(x) / (1.0 + np.exp(x))
    return np.array([sigmoid(v) for v in x])


def initialize_weights(n_nodes, initialize_fn=random.random):
    weights = []
    for l in range(1, len(n_nodes)):
        weights.append([[initialize_fn() for _ in range(n_nodes[l - 1] + 1)]
                        for _ in range(n_nodes[l])])
    return weights


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        W = np.array(layer, dtype=float)
        z = W[:, 0] + W[:, 1:] @ np.array(activations[-1], dtype=float)
        activations.append(list(sigmoid(z)))
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    a_out = np.array(activations[-1], dtype=float)
    deltas = [list((a_out - np.array(y, dtype=float)) * a_out * (1 - a_out))]
    for l in range(len(network) - 1, 0, -1):
        W = np.array(network[l], dtype=float)
        a = np.array(activations[l], dtype=float)
        deltas.insert(0, list(a * (1 - a) * (W[:, 1:].T @ np.array(deltas[0]))))
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for l in range(len(network)):
        W = np.array(network[l], dtype=float)
        d = np.array(deltas[l], dtype=float)
        a_in = np.array(activations[l], dtype=float)
        a_out = np.array(activations[l + 1], dtype=float)
        W[:, 1:] -= eta * np.outer(d, a_in)
        W[:, 0] -= eta * d * a_out
        new_network.append(W.tolist())
    return new_network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    theta = [[list(node) for node in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(theta, x[i])
            theta = batch_update_nn(theta, acts, calculate_deltas(theta, acts, y[i]), eta)
        total = 0.0
        for xi, yi in zip(x, y):
            total += np.sum((np.array(feedforward(theta, xi)) - np.array(yi)) ** 2)
        losses.append(total / 2)
    return theta, losses


def multi_accuracy(data, targets, f):
    hits = np.array([np.argmax(f(x)) == np.argmax(t) for x, t in zip(data, targets)])
    return hits.mean()
