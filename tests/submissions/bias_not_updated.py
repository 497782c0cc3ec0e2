import random

import numpy as np


def sigmoid(x):
    return np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))


def initialize_weights(n_nodes, initialize_fn=random.random):
    net = []
    for i in range(len(n_nodes) - 1):
        rows = []
        for j in range(n_nodes[i + 1]):
            rows.append([initialize_fn() for k in range(n_nodes[i] + 1)])
        net.append(rows)
    return net


def feedforward_(network, x):
    out = [np.asarray(x, dtype=float)]
    for W in map(np.asarray, network):
        out.append(sigmoid(W[:, 0] + W[:, 1:] @ out[-1]))
    return out


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    a = [np.asarray(v, dtype=float) for v in activations]
    d = [None] * len(network)
    d[-1] = (a[-1] - np.asarray(y)) * a[-1] * (1 - a[-1])
    for l in range(len(network) - 2, -1, -1):
        W = np.asarray(network[l + 1], dtype=float)
        d[l] = a[l + 1] * (1 - a[l + 1]) * (W[:, 1:].T @ d[l + 1])
    return d


def batch_update_nn(network, activations, deltas, eta):
    new = []
    for l in range(len(network)):
        W = np.array(network[l], dtype=float)
        W[:, 1:] -= eta * np.outer(deltas[l], activations[l])
        new.append(W)
    return new


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    # everything inline here so one epoch is a few matrix products
    X = np.asarray(x, dtype=float)
    Y = np.asarray(y, dtype=float)
    Ws = [np.array(W, dtype=float) for W in theta0]
    rng = random.Random(seed)
    order = list(range(len(X)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = [X[i]]
            for W in Ws:
                acts.append(sigmoid(W[:, 0] + W[:, 1:] @ acts[-1]))
            d = (acts[-1] - Y[i]) * acts[-1] * (1 - acts[-1])
            ds = [d]
            for l in range(len(Ws) - 1, 0, -1):
                d = acts[l] * (1 - acts[l]) * (Ws[l][:, 1:].T @ d)
                ds.insert(0, d)
            for W, a, d in zip(Ws, acts, ds):
                W[:, 0] -= eta * d
                W[:, 1:] -= eta * np.outer(d, a)
        A = X
        for W in Ws:
            A = sigmoid(A @ W[:, 1:].T + W[:, 0])
        losses.append(0.5 * np.sum((A - Y) ** 2))
    return Ws, losses


def multi_accuracy(data, targets, f):
    preds = np.array([np.argmax(f(x)) for x in data])
    return np.mean(preds == np.argmax(targets, axis=1))
