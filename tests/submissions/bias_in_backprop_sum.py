import math
import random


def sigmoid(x):
    return 0.5 * (1.0 + math.tanh(x / 2.0))


def initialize_weights(n_nodes, initialize_fn=random.random):
    net = []
    for l in range(len(n_nodes) - 1):
        layer = []
        for j in range(n_nodes[l + 1]):
            layer.append([initialize_fn() for k in range(n_nodes[l] + 1)])
        net.append(layer)
    return net


def feedforward_(network, x):
    a = list(x)
    activations = [a]
    for l in range(len(network)):
        z = []
        for j in range(len(network[l])):
            s = network[l][j][0]
            for k in range(len(a)):
                s += network[l][j][k + 1] * a[k]
            z.append(s)
        a = [sigmoid(v) for v in z]
        activations.append(a)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    n_layers = len(network)
    deltas = [[] for _ in range(n_layers)]
    aL = activations[-1]
    for j in range(len(aL)):
        deltas[-1].append((aL[j] - y[j]) * aL[j] * (1 - aL[j]))
    for l in range(n_layers - 1, 0, -1):
        al = activations[l]
        for j in range(len(al)):
            s = 0
            for k in range(len(network[l])):
                s += network[l][k][j] * deltas[l][k]
            deltas[l - 1].append(al[j] * (1 - al[j]) * s)
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new = []
    for l in range(len(network)):
        layer = []
        for j in range(len(network[l])):
            w = list(network[l][j])
            w[0] = w[0] - eta * deltas[l][j]
            for k in range(len(activations[l])):
                w[k + 1] = w[k + 1] - eta * deltas[l][j] * activations[l][k]
            layer.append(w)
        new.append(layer)
    return new


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(w) for w in layer] for layer in theta0]
    order = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(order)
        for i in order:
            acts = feedforward_(network, x[i])
            deltas = calculate_deltas(network, acts, y[i])
            network = batch_update_nn(network, acts, deltas, eta)
        total = 0
        for i in range(len(x)):
            out = feedforward(network, x[i])
            for j in range(len(out)):
                total += (out[j] - y[i][j]) ** 2
        losses.append(total / 2)
    return network, losses


def multi_accuracy(data, targets, f):
    right = 0
    for i in range(len(data)):
        out = f(data[i])
        pred = max(range(len(out)), key=lambda k: out[k])
        label = max(range(len(targets[i])), key=lambda k: targets[i][k])
        if pred == label:
            right += 1
    return right / len(data)
