"""Correct: numpy float32 (single precision) arrays throughout, as PyTorch computes."""
import numpy as np


def threshold(a, signed=False):
    return np.where(np.asarray(a) >= 0, 1, -1 if signed else 0)[()]


def threshold_neuron(weights, inputs, signed=False):
    weights = np.asarray(weights, dtype=np.float32)
    return threshold(weights[0] + weights[1:] @ np.asarray(inputs, dtype=np.float32), signed)


def sigmoid_neuron(weights, inputs):
    weights = np.asarray(weights, dtype=np.float32)
    a = weights[0] + weights[1:] @ np.asarray(inputs, dtype=np.float32)
    return 0.5 * (1 + np.tanh(a / 2))


def gate_weights(gate):
    return np.array({"AND": [-1.5, 1, 1], "OR": [-0.5, 1, 1], "NOT": [0.5, -1]}[gate])


def gate_network(gate, unit="threshold"):
    hidden = np.array([[-0.5, 1, 1], [1.5, -1, -1]])  # OR, NAND
    output = np.array([[-1.5, 1, 1]]) if gate == "XOR" else np.array([[1.5, -1, -1]])
    factor = 30.0 if unit == "sigmoid" else 1.0
    return [factor * hidden, factor * output]


def perceptron_update(w, b, x, t, eta):
    w, x = np.asarray(w, dtype=np.float32), np.asarray(x, dtype=np.float32)
    y = threshold(b + w @ x)
    return w + eta * (t - y) * x, b + eta * (t - y)


def train_perceptron(data, targets, eta=1, max_epochs=100):
    X, T = np.asarray(data, dtype=np.float32), np.asarray(targets, dtype=np.float32)
    w, b = np.zeros(X.shape[1], dtype=np.float32), np.float32(0.0)
    history = []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(X, T):
            mistakes += int(threshold(b + w @ x) != t)
            w, b = perceptron_update(w, b, x, t, eta)
        history.append((w.copy(), b, mistakes))
        if mistakes == 0:
            break
    return w, b, history, bool(history[-1][2] == 0)
