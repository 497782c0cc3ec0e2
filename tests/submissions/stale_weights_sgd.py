import random

import numpy as np


def sigmoid(x):
    z = np.exp(-np.abs(x))
    return np.where(np.asarray(x) >= 0, 1 / (1 + z), z / (1 + z))[()]


def initialize_weights(n_nodes, initialize_fn=random.random):
    return [[[initialize_fn() for _ in range(n_in + 1)] for _ in range(n_out)]
            for n_in, n_out in zip(n_nodes[:-1], n_nodes[1:])]


def feedforward_(network, x):
    a = [np.asarray(x, dtype=float)]
    for W in network:
        W = np.asarray(W, dtype=float)
        a.append(sigmoid(W[:, 0] + W[:, 1:] @ a[-1]))
    return a


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    acts = [np.asarray(a, dtype=float) for a in activations]
    d = (acts[-1] - np.asarray(y, dtype=float)) * acts[-1] * (1 - acts[-1])
    deltas = [d]
    for l in range(len(network) - 1, 0, -1):
        d = acts[l] * (1 - acts[l]) * (np.asarray(network[l], dtype=float)[:, 1:].T @ d)
        deltas.insert(0, d)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    out = []
    for W, a, d in zip(network, activations, deltas):
        W = np.array(W, dtype=float)
        d = np.asarray(d, dtype=float)
        W[:, 0] -= eta * d
        W[:, 1:] -= eta * np.outer(d, np.asarray(a, dtype=float))
        out.append(W)
    return out


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    X = np.asarray(x, dtype=float)
    Y = np.asarray(y, dtype=float)
    W = [np.array(layer, dtype=float) for layer in theta0]
    rng = random.Random(seed)
    order = list(range(len(X)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(W, X[i])
            delta = (acts[-1] - Y[i]) * acts[-1] * (1 - acts[-1])
            # walk back from the output layer, updating each layer as we go
            for l in range(len(W) - 1, -1, -1):
                W[l][:, 0] -= eta * delta
                W[l][:, 1:] -= eta * np.outer(delta, acts[l])
                if l > 0:
                    delta = acts[l] * (1 - acts[l]) * (W[l][:, 1:].T @ delta)
        out = np.array([feedforward(W, xi) for xi in X])
        losses.append(0.5 * np.sum((out - Y) ** 2))
    return W, losses


def multi_accuracy(data, targets, f):
    predicted = np.array([np.argmax(f(x)) for x in data])
    actual = np.array([np.argmax(t) for t in targets])
    return (predicted == actual).mean()
