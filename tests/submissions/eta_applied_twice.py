import random

import numpy as np


def sigmoid(x):
    return 0.5 + 0.5 * np.tanh(0.5 * np.asarray(x, dtype=float))[()]


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for n_in, n_out in zip(n_nodes, n_nodes[1:]):
        layer = []
        for _ in range(n_out):
            layer.append([initialize_fn() for _ in range(n_in + 1)])
        network.append(layer)
    return network


def feedforward_(network, x):
    activations = [np.asarray(x, dtype=float)]
    for layer in network:
        W = np.asarray(layer, dtype=float)
        activations.append(sigmoid(np.dot(W[:, 1:], activations[-1]) + W[:, 0]))
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    acts = [np.asarray(a, dtype=float) for a in activations]
    deltas = [(acts[-1] - np.asarray(y, dtype=float)) * acts[-1] * (1 - acts[-1])]
    for l in range(len(network) - 1, 0, -1):
        W = np.asarray(network[l], dtype=float)
        deltas.insert(0, acts[l] * (1 - acts[l]) * np.dot(W[:, 1:].T, deltas[0]))
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for l in range(len(network)):
        W = np.array(network[l], dtype=float)
        step = eta * np.asarray(deltas[l], dtype=float)   # learning rate times the error
        inputs = np.concatenate([[1.0], np.asarray(activations[l], dtype=float)])
        W = W - eta * np.outer(step, inputs)
        new_network.append(W)
    return new_network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [np.array(layer, dtype=float) for layer in theta0]
    samples = list(range(len(x)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(samples)
        for s in samples:
            acts = feedforward_(network, x[s])
            network = batch_update_nn(network, acts, calculate_deltas(network, acts, y[s]), eta)
        loss = 0.0
        for xi, yi in zip(x, y):
            loss += 0.5 * np.sum((feedforward(network, xi) - np.asarray(yi)) ** 2)
        losses.append(loss)
    return network, losses


def multi_accuracy(data, targets, f):
    correct = sum(1 for x, t in zip(data, targets) if np.argmax(f(x)) == np.argmax(t))
    return correct / len(data)
