import math
import random


def sigmoid(x):
    if x < 0:
        return math.exp(x) / (1 + math.exp(x))
    return 1 / (1 + math.exp(-x))


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for n_in, n_out in zip(n_nodes, n_nodes[1:]):
        network.append([[initialize_fn() for _ in range(n_in + 1)] for _ in range(n_out)])
    return network


def feedforward_(network, x):
    activations = [x]
    for layer in network:
        inputs = activations[-1]
        outputs = []
        for weights in layer:
            total = weights[0] + sum(w * a for w, a in zip(weights[1:], inputs))
            outputs.append(sigmoid(total))
        activations.append(outputs)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def calculate_deltas(network, activations, y):
    L = len(network)
    deltas = [None] * L
    deltas[L - 1] = [(a - t) * a * (1 - a) for a, t in zip(activations[L], y)]
    for l in range(L - 2, -1, -1):
        next_layer = network[l + 1]
        d_next = deltas[l + 1]
        deltas[l] = [sum(next_layer[k][j + 1] * d_next[k] for k in range(len(next_layer)))
                     for j in range(len(activations[l + 1]))]
    return deltas


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for l, layer in enumerate(network):
        new_layer = []
        for j, weights in enumerate(layer):
            d = deltas[l][j]
            new_weights = [weights[0] - eta * d]
            for k in range(1, len(weights)):
                new_weights.append(weights[k] - eta * d * activations[l][k - 1])
            new_layer.append(new_weights)
        new_network.append(new_layer)
    return new_network


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    network = [[list(w) for w in layer] for layer in theta0]
    indices = list(range(len(x)))
    losses = []
    for epoch in range(n_epochs):
        if shuffle:
            rng.shuffle(indices)
        for i in indices:
            activations = feedforward_(network, x[i])
            deltas = calculate_deltas(network, activations, y[i])
            network = batch_update_nn(network, activations, deltas, eta)
        loss = 0.0
        for xi, yi in zip(x, y):
            out = feedforward(network, xi)
            loss += sum((o - t) ** 2 for o, t in zip(out, yi)) / 2
        losses.append(loss)
    return network, losses


def multi_accuracy(data, targets, f):
    n_correct = 0
    for x, t in zip(data, targets):
        out = list(f(x))
        t = list(t)
        if out.index(max(out)) == t.index(max(t)):
            n_correct += 1
    return n_correct / len(data)
