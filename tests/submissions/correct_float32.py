"""Backpropagation with numpy, every array in float32 (single precision) throughout.

Inputs arrive as plain lists of Python floats (double precision); each function converts
them to float32 arrays first and does all its arithmetic in float32.
"""
import random

import numpy as np

F32 = np.float32


def sigmoid(x):
    x = np.asarray(x, dtype=F32)
    e = np.exp(-np.abs(x))  # at most 1: no overflow
    s = np.where(x >= 0, F32(1) / (F32(1) + e), e / (F32(1) + e)).astype(F32)
    return s.item() if s.ndim == 0 else s


def initialize_weights(n_nodes, initialize_fn=random.random):
    return [np.array([[initialize_fn() for _ in range(n_in + 1)] for _ in range(n_out)],
                     dtype=F32)
            for n_in, n_out in zip(n_nodes[:-1], n_nodes[1:])]


def feedforward_(network, x):
    activations = [np.asarray(x, dtype=F32)]
    for layer in network:
        W = np.asarray(layer, dtype=F32)
        activations.append(sigmoid(W[:, 0] + W[:, 1:] @ activations[-1]))
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    acts = [np.asarray(a, dtype=F32) for a in activations]
    a = acts[-1]
    deltas = [(a - np.asarray(y, dtype=F32)) * a * (F32(1) - a)]
    for l in range(len(network) - 1, 0, -1):
        W = np.asarray(network[l], dtype=F32)
        deltas.insert(0, acts[l] * (F32(1) - acts[l]) * (W[:, 1:].T @ deltas[0]))
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    eta = F32(eta)
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        W = np.array(layer, dtype=F32)  # a copy
        a = np.asarray(a, dtype=F32)
        d = np.asarray(d, dtype=F32)
        W[:, 0] -= eta * d
        W[:, 1:] -= eta * np.outer(d, a)
        new_network.append(W)
    return new_network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    X, Y = np.asarray(x, dtype=F32), np.asarray(y, dtype=F32)
    network = [np.array(layer, dtype=F32) for layer in theta0]
    order = list(range(len(X)))
    losses = []
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            activations = feedforward_(network, X[i])
            deltas = calculate_deltas(network, activations, Y[i])
            network = batch_update_nn(network, activations, deltas, eta)
        outputs = np.array([feedforward(network, xi) for xi in X], dtype=F32)
        losses.append(F32(0.5) * np.sum((outputs - Y) ** 2, dtype=F32))
    return network, losses


def multi_accuracy(data, targets, f):
    hits = [np.argmax(np.asarray(f(x), dtype=F32)) == np.argmax(np.asarray(t, dtype=F32))
            for x, t in zip(data, targets)]
    return F32(sum(hits)) / F32(len(hits))
