import copy
import math
import random


def sigmoid(x):
    if x < -700:
        return 0.0
    return 1 / (1 + math.exp(-x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for l in range(len(n_nodes) - 1):
        network.append([])
        for j in range(n_nodes[l + 1]):
            network[l].append([])
            for k in range(n_nodes[l] + 1):
                network[l][j].append(initialize_fn())
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        a = []
        for node in layer:
            z = node[0]
            for k in range(len(activations[-1])):
                z += node[k + 1] * activations[-1][k]
            a.append(sigmoid(z))
        activations.append(a)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    L = len(network)
    deltas = [[] for _ in range(L)]
    for j, a in enumerate(activations[L]):
        deltas[L - 1].append((a - y[j]) * a * (1 - a))
    for l in range(L - 1, 0, -1):
        for j, a in enumerate(activations[l]):
            s = 0
            for k in range(len(network[l])):
                s += network[l][k][j + 1] * deltas[l][k]
            deltas[l - 1].append(a * (1 - a) * s)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    for l in range(len(network)):
        for j in range(len(network[l])):
            network[l][j][0] -= eta * deltas[l][j]
            for k in range(len(activations[l])):
                network[l][j][k + 1] -= eta * deltas[l][j] * activations[l][k]
    return network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    network = copy.deepcopy(theta0)
    rng = random.Random(seed)
    order = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            activations = feedforward_(network, x[i])
            deltas = calculate_deltas(network, activations, y[i])
            network = batch_update_nn(network, activations, deltas, eta)
        loss = 0
        for i in range(len(x)):
            out = feedforward(network, x[i])
            for j in range(len(out)):
                loss += 0.5 * (out[j] - y[i][j]) ** 2
        losses.append(loss)
    return network, losses


def multi_accuracy(data, targets, f):
    count = 0
    for i in range(len(data)):
        out = list(f(data[i]))
        target = list(targets[i])
        if out.index(max(out)) == target.index(max(target)):
            count += 1
    return count / len(data)
