"""Functional style: tuples everywhere, small helpers, nothing is ever modified."""
import math
import random


def sigmoid(x):
    # 1/(1+e^-x) == (1 + tanh(x/2)) / 2, and tanh never overflows
    return 0.5 * (1.0 + math.tanh(0.5 * x))


def sigmoid_prime_from_output(a):
    return a * (1.0 - a)


def dot(u, v):
    return sum(p * q for p, q in zip(u, v))


def node_output(node, inputs):
    return sigmoid(node[0] + dot(node[1:], inputs))


def layer_output(layer, inputs):
    return tuple(node_output(node, inputs) for node in layer)


def column(layer, j):
    """Weights leaving input j of a layer, i.e. network[l][k][j + 1] for every node k."""
    return tuple(node[j + 1] for node in layer)


def initialize_weights(n_nodes, initialize_fn=random.random):
    def make_node(n_in):
        return tuple(initialize_fn() for _ in range(n_in + 1))

    def make_layer(n_in, n_out):
        return tuple(make_node(n_in) for _ in range(n_out))

    return tuple(make_layer(n_in, n_out) for n_in, n_out in zip(n_nodes, n_nodes[1:]))


def feedforward_(network, x):
    activations = (tuple(x),)
    for layer in network:
        activations = activations + (layer_output(layer, activations[-1]),)
    return activations


def feedforward(network, x):
    return feedforward_(network, x)[-1]


def output_delta(a_out, y):
    return tuple((a - t) * sigmoid_prime_from_output(a) for a, t in zip(a_out, y))


def hidden_delta(layer_above, a_hidden, delta_above):
    return tuple(
        sigmoid_prime_from_output(a) * dot(column(layer_above, j), delta_above)
        for j, a in enumerate(a_hidden)
    )


def calculate_deltas(network, activations, y):
    deltas = (output_delta(activations[-1], y),)
    for l in range(len(network) - 1, 0, -1):
        deltas = (hidden_delta(network[l], activations[l], deltas[0]),) + deltas
    return deltas


def updated_node(node, inputs, d, eta):
    return (node[0] - eta * d,) + tuple(w - eta * d * a for w, a in zip(node[1:], inputs))


def batch_update_nn(network, activations, deltas, eta):
    return tuple(
        tuple(updated_node(node, inputs, d, eta) for node, d in zip(layer, layer_deltas))
        for layer, inputs, layer_deltas in zip(network, activations, deltas)
    )


def squared_error(network, x, y):
    return 0.5 * sum((a - t) ** 2 for a, t in zip(feedforward(network, x), y))


def loss(network, xs, ys):
    return sum(squared_error(network, x, y) for x, y in zip(xs, ys))


def step(network, x, y, eta):
    activations = feedforward_(network, x)
    return batch_update_nn(network, activations, calculate_deltas(network, activations, y), eta)


def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):
    rng = random.Random(seed)
    indices = list(range(len(x)))
    network = tuple(tuple(tuple(node) for node in layer) for layer in theta0)
    losses = ()
    for _ in range(n_epochs):
        if shuffle:
            rng.shuffle(indices)
        for i in indices:
            network = step(network, x[i], y[i], eta)
        losses = losses + (loss(network, x, y),)
    return network, losses


def argmax(values):
    values = tuple(values)
    return max(range(len(values)), key=lambda i: values[i])


def multi_accuracy(data, targets, f):
    hits = tuple(argmax(f(x)) == argmax(t) for x, t in zip(data, targets))
    return sum(hits) / len(hits)
