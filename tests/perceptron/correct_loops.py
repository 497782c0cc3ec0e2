"""Correct: plain lists and explicit index loops, no numpy."""
import math


def threshold(a, signed=False):
    if a >= 0:
        return 1
    if signed:
        return -1
    return 0


def activation(weights, inputs):
    total = weights[0]
    for i in range(len(inputs)):
        total += weights[i + 1] * inputs[i]
    return total


def threshold_neuron(weights, inputs, signed=False):
    return threshold(activation(weights, inputs), signed)


def sigmoid_neuron(weights, inputs):
    a = activation(weights, inputs)
    if a < 0:
        return math.exp(a) / (1 + math.exp(a))
    return 1 / (1 + math.exp(-a))


def gate_weights(gate):
    if gate == "AND":
        return [-1.5, 1, 1]
    if gate == "OR":
        return [-0.5, 1, 1]
    if gate == "NOT":
        return [0, -1]
    raise ValueError(gate)


def gate_network(gate, unit="threshold"):
    scale = 20 if unit == "sigmoid" else 1
    # hidden: x1 AND NOT x2, NOT x1 AND x2; output: OR (XOR) or NOR (XNOR)
    hidden = [[-0.5 * scale, 1 * scale, -1 * scale], [-0.5 * scale, -1 * scale, 1 * scale]]
    if gate == "XOR":
        output = [[-0.5 * scale, 1 * scale, 1 * scale]]
    else:
        output = [[0.5 * scale, -1 * scale, -1 * scale]]
    return [hidden, output]


def perceptron_update(w, b, x, t, eta):
    y = threshold_neuron([b] + list(w), x)
    new_w = []
    for i in range(len(w)):
        new_w.append(w[i] + eta * (t - y) * x[i])
    return new_w, b + eta * (t - y)


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w = [0.0 for _ in data[0]]
    b = 0.0
    history = []
    converged = False
    epoch = 0
    while epoch < max_epochs and not converged:
        mistakes = 0
        for i in range(len(data)):
            if threshold_neuron([b] + w, data[i]) != targets[i]:
                mistakes = mistakes + 1
            w, b = perceptron_update(w, b, data[i], targets[i], eta)
        history.append([w[:], b, mistakes])
        converged = mistakes == 0
        epoch += 1
    return w, b, history, converged
