import random

import numpy as np


def sigmoid(x):
    # clip so that np.exp never overflows; sigmoid(+-500) is already 0 or 1 in float64
    x = np.clip(x, -500, 500)
    return 1.0 / (1.0 + np.exp(-x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for n_in, n_out in zip(n_nodes[:-1], n_nodes[1:]):
        W = np.array([[initialize_fn() for _ in range(n_in + 1)] for _ in range(n_out)])
        network.append(W)
    return network


def feedforward_(network, x):
    a = np.asarray(x, dtype=float)
    activations = [a]
    for W in network:
        W = np.asarray(W, dtype=float)
        a = sigmoid(W @ np.concatenate(([1.0], a)))
        activations.append(a)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    acts = [np.asarray(a, dtype=float) for a in activations]
    out = acts[-1]
    delta = (out - np.asarray(y, dtype=float)) * out * (1 - out)
    deltas = [delta]
    for l in range(len(network) - 1, 0, -1):
        W = np.asarray(network[l], dtype=float)
        a = acts[l]
        delta = a * (1 - a) * (W[:, 1:].T @ delta)
        deltas.append(delta)
    deltas.reverse()
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    updated = []
    for W, a, d in zip(network, activations, deltas):
        W = np.array(W, dtype=float)  # np.array copies: the caller's network stays as it was
        a_with_bias = np.concatenate(([1.0], np.asarray(a, dtype=float)))
        W -= eta * np.outer(np.asarray(d, dtype=float), a_with_bias)
        updated.append(W)
    return updated


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    X = np.asarray(x, dtype=float)
    Y = np.asarray(y, dtype=float)
    network = [np.array(W, dtype=float) for W in theta0]
    rng = random.Random(seed)
    order = list(range(len(X)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, X[i])
            deltas = calculate_deltas(network, acts, Y[i])
            network = batch_update_nn(network, acts, deltas, eta)
        outputs = np.array([feedforward(network, xi) for xi in X])
        losses.append(0.5 * np.sum((outputs - Y) ** 2))
    return network, losses


def multi_accuracy(data, targets, f):
    predictions = np.array([np.argmax(f(x)) for x in data])
    labels = np.argmax(np.asarray(targets), axis=1)
    return np.mean(predictions == labels)
