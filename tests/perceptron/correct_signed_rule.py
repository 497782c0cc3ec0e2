"""Correct: the rule written with +-1 outputs internally, math.fsum and a dict of gates."""
import math

import numpy as np

GATES = {"AND": [-15.0, 10.0, 10.0], "OR": [-5.0, 10.0, 10.0], "NOT": [0.0, -1.0]}


def threshold(a, signed=False):
    fired = a >= 0
    low = -1 if signed else 0
    return 1 if fired else low


def activation(weights, inputs):
    return math.fsum([weights[0], *(w * x for w, x in zip(weights[1:], inputs))])


def threshold_neuron(weights, inputs, signed=False):
    return threshold(activation(weights, inputs), signed)


def sigmoid_neuron(weights, inputs):
    a = activation(weights, inputs)
    return float(np.exp(-np.logaddexp(0.0, -a)))


def gate_weights(gate):
    return GATES[gate]


def gate_network(gate, unit="threshold"):
    network = [[GATES["AND"], [5.0, -10.0, -10.0]],
               [[-5.0, 10.0, 10.0] if gate == "XNOR" else [5.0, -10.0, -10.0]]]
    if unit == "sigmoid":
        network = [[[2 * v for v in node] for node in layer] for layer in network]
    return network


def perceptron_update(w, b, x, t, eta):
    y_signed = threshold_neuron([b, *w], x, signed=True)
    t_signed = 2 * t - 1
    if y_signed == t_signed:
        return w[:], b
    step = eta * (t_signed - y_signed) / 2  # +eta or -eta
    return [wi + step * xi for wi, xi in zip(w, x)], b + step


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w, b, history = [0.0] * len(data[0]), 0.0, []
    for _ in range(max_epochs):
        wrong = 0
        for x, t in zip(data, targets):
            wrong += threshold_neuron([b, *w], x) != t
            w, b = perceptron_update(w, b, x, t, eta)
        history.append((list(w), b, wrong))
        if not wrong:
            break
    return w, b, history, history[-1][2] == 0
