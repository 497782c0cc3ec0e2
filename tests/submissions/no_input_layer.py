import random

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -500.0, 500.0)))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for l in range(len(n_nodes) - 1):
        network.append([[initialize_fn() for _ in range(n_nodes[l] + 1)]
                        for _ in range(n_nodes[l + 1])])
    return network


def feedforward_(network, x):
    a = np.asarray(x, dtype=float)
    activations = []
    for layer in network:
        W = np.asarray(layer, dtype=float)
        a = sigmoid(W[:, 0] + W[:, 1:] @ a)
        activations.append(a)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    acts = [np.asarray(a, dtype=float) for a in activations]
    deltas = [(acts[-1] - np.asarray(y, dtype=float)) * acts[-1] * (1 - acts[-1])]
    for l in range(len(network) - 1, 0, -1):
        W = np.asarray(network[l], dtype=float)
        deltas.insert(0, acts[l] * (1 - acts[l]) * (W[:, 1:].T @ deltas[0]))
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new = []
    for l in range(len(network)):
        W = np.array(network[l], dtype=float)
        d = np.asarray(deltas[l], dtype=float)
        W[:, 0] -= eta * d
        W[:, 1:] -= eta * np.outer(d, np.asarray(activations[l], dtype=float))
        new.append(W)
    return new


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    net = [np.array(W, dtype=float) for W in theta0]
    X = np.asarray(x, dtype=float)
    Y = np.asarray(y, dtype=float)
    order = list(range(len(X)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = [X[i]] + feedforward_(net, X[i])  # the other functions expect the input too
            net = batch_update_nn(net, acts, calculate_deltas(net, acts, Y[i]), eta)
        losses.append(0.5 * np.sum((np.array([feedforward(net, xi) for xi in X]) - Y) ** 2))
    return net, losses


def multi_accuracy(data, targets, f):
    labels = np.argmax(np.asarray(targets), axis=1)
    preds = np.array([np.argmax(f(x)) for x in data])
    return np.sum(preds == labels) / len(labels)
