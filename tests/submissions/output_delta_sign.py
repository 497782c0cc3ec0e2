import random

import numpy as np


def sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def initialize_weights(n_nodes, initialize_fn=random.random):
    weights = []
    for i in range(len(n_nodes) - 1):
        weights.append([[initialize_fn() for k in range(n_nodes[i] + 1)]
                        for j in range(n_nodes[i + 1])])
    return weights


def feedforward_(network, x):
    a = np.array(x, dtype=float)
    result = [a.tolist()]
    for layer in network:
        W = np.array(layer, dtype=float)
        a = sigmoid(W[:, 0] + W[:, 1:].dot(a))
        result.append(a.tolist())
    return result


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    aL = np.array(activations[-1])
    y = np.array(y)
    # error at the output, times the derivative of the sigmoid
    dL = (y - aL) * aL * (1 - aL)
    deltas = [dL]
    for l in range(len(network) - 1, 0, -1):
        W = np.array(network[l])[:, 1:]
        al = np.array(activations[l])
        deltas.insert(0, al * (1 - al) * W.T.dot(deltas[0]))
    return [d.tolist() for d in deltas]


def batch_update_nn(network, activations, deltas, eta):
    result = []
    for l in range(len(network)):
        W = np.array(network[l], dtype=float)
        d = np.array(deltas[l])
        a = np.array(activations[l])
        W[:, 0] = W[:, 0] - eta * d
        W[:, 1:] = W[:, 1:] - eta * np.outer(d, a)
        result.append(W.tolist())
    return result


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    net = [[list(node) for node in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for e in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(net, x[i])
            net = batch_update_nn(net, acts, calculate_deltas(net, acts, y[i]), eta)
        L = 0
        for xi, yi in zip(x, y):
            L += 0.5 * np.sum((np.array(feedforward(net, xi)) - np.array(yi)) ** 2)
        losses.append(L)
    return net, losses


def multi_accuracy(data, targets, f):
    correct = [np.argmax(f(x)) == np.argmax(t) for x, t in zip(data, targets)]
    return sum(correct) / len(correct)
