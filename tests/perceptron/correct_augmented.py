"""Correct: the bias as the weight of an input x_0 = 1; tuples; other hand-set weights."""
import math


def threshold(a, signed=False):
    return 1 if a >= 0 else (-1 if signed else 0)


def dot(u, v):
    return sum(p * q for p, q in zip(u, v))


def threshold_neuron(weights, inputs, signed=False):
    return threshold(dot(weights, (1.0, *inputs)), signed)


def sigmoid_neuron(weights, inputs):
    a = dot(weights, (1.0, *inputs))
    return 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))


def gate_weights(gate):
    # scaled and shifted lines, as good as the lecture's
    return {"AND": (-3, 2, 2), "OR": (-1, 2, 2), "NOT": (0.5, -1)}[gate]


def gate_network(gate, unit="threshold"):
    k = 50 if unit == "sigmoid" else 1
    nand = (1.5 * k, -k, -k)
    orr = (-0.5 * k, k, k)
    if gate == "XOR":  # OR and NAND feeding AND
        return ((orr, nand), ((-1.5 * k, k, k),))
    return ((orr, nand), ((1.5 * k, -k, -k),))  # ... feeding NAND


def perceptron_update(w, b, x, t, eta):
    augmented = (b, *w)
    error = t - threshold_neuron(augmented, x)
    new = tuple(wi + eta * error * xi for wi, xi in zip(augmented, (1.0, *x)))
    return new[1:], new[0]


def train_perceptron(data, targets, eta=1, max_epochs=100):
    weights = (0.0,) * (len(data[0]) + 1)
    history = []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(data, targets):
            error = t - threshold_neuron(weights, x)
            if error:
                mistakes += 1
                weights = tuple(wi + eta * error * xi for wi, xi in zip(weights, (1.0, *x)))
        history.append((weights[1:], weights[0], mistakes))
        if not mistakes:
            return weights[1:], weights[0], tuple(history), True
    return weights[1:], weights[0], tuple(history), False
