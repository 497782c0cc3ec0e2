import math
import random


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for l in range(len(n_nodes) - 1):
        layer = []
        for j in range(n_nodes[l + 1]):
            layer.append([initialize_fn() for k in range(n_nodes[l] + 1)])
        network.append(layer)
    return network


def feedforward_(network, x):
    activations = [list(x)]
    for layer in network:
        prev = activations[-1]
        current = []
        for node in layer:
            z = node[0]
            for k in range(len(prev)):
                z += node[k + 1] * prev[k]
            current.append(sigmoid(z))
        activations.append(current)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    L = len(network)
    deltas = [[] for _ in range(L)]
    out = activations[L]
    for j in range(len(out)):
        deltas[L - 1].append((out[j] - y[j]) * out[j] * (1 - out[j]))
    for l in range(L - 2, -1, -1):
        a = activations[l + 1]
        for j in range(len(a)):
            s = 0
            for k in range(len(network[l + 1])):
                s += network[l + 1][k][j + 1] * deltas[l + 1][k]
            deltas[l].append(a[j] * (1 - a[j]) * s)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for l in range(len(network)):
        layer = []
        for j in range(len(network[l])):
            node = [network[l][j][0] - eta * deltas[l][j]]
            for k in range(len(activations[l])):
                node.append(network[l][j][k + 1] - eta * deltas[l][j] * activations[l][k])
            layer.append(node)
        new_network.append(layer)
    return new_network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(node) for node in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, x[i])
            deltas = calculate_deltas(network, acts, y[i])
            network = batch_update_nn(network, acts, deltas, eta)
        loss = 0
        for i in range(len(x)):
            out = feedforward(network, x[i])
            for j in range(len(out)):
                loss += (out[j] - y[i][j]) ** 2
        losses.append(0.5 * loss)
    return network, losses


def multi_accuracy(data, targets, f):
    correct = 0
    for i in range(len(data)):
        out = list(f(data[i]))
        t = list(targets[i])
        if out.index(max(out)) == t.index(max(t)):
            correct += 1
    return correct / len(data)
