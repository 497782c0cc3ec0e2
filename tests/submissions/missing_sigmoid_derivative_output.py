import random

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-np.clip(x, -100, 100)))


def initialize_weights(n_nodes, initialize_fn=random.random):
    return [[[initialize_fn() for _ in range(n_nodes[l] + 1)] for _ in range(n_nodes[l + 1])]
            for l in range(len(n_nodes) - 1)]


def feedforward_(network, x):
    acts = [np.asarray(x, dtype=float)]
    for layer in network:
        W = np.asarray(layer, dtype=float)
        acts.append(sigmoid(W @ np.append(1.0, acts[-1])))
    return acts


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    a = [np.asarray(v, dtype=float) for v in activations]
    # output delta
    delta = a[-1] - np.asarray(y, dtype=float)
    deltas = [delta]
    for l in range(len(network) - 1, 0, -1):
        W = np.asarray(network[l], dtype=float)
        delta = (W[:, 1:].T @ delta) * a[l] * (1 - a[l])
        deltas = [delta] + deltas
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_net = []
    for l in range(len(network)):
        W = np.asarray(network[l], dtype=float)
        inputs = np.append(1.0, np.asarray(activations[l], dtype=float))
        new_net.append(W - eta * np.outer(deltas[l], inputs))
    return new_net


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    theta = [np.array(W, dtype=float) for W in theta0]
    rng = random.Random(seed)
    idx = list(range(len(x)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(idx)
        for i in idx:
            acts = feedforward_(theta, x[i])
            theta = batch_update_nn(theta, acts, calculate_deltas(theta, acts, y[i]), eta)
        preds = np.array([feedforward(theta, xi) for xi in x])
        losses.append(0.5 * np.sum((preds - y) ** 2))
    return theta, losses


def multi_accuracy(data, targets, f):
    pred = [int(np.argmax(f(x))) for x in data]
    true = [int(np.argmax(t)) for t in targets]
    return np.mean(np.array(pred) == np.array(true))
