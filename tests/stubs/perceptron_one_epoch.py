"""A crafted stub of the perceptron assignment: train_perceptron claims to have converged.

It returns a one-epoch history with 0 mistakes and converged=True, on any data (XOR
included), with weights at zero; perceptron_update and train_perceptron mutate nothing.
Its honest score is 0: a history the rule does not give earns nothing, and leaving the
arguments alone earns nothing without the values.
"""


def threshold(a, signed=False):
    return 0.0


def threshold_neuron(weights, inputs, signed=False):
    return 0.0


def sigmoid_neuron(weights, inputs):
    return 0.0


def gate_weights(gate):
    return [0.0, 0.0, 0.0]


def gate_network(gate, unit="threshold"):
    return [[[0.0, 0.0, 0.0]]]


def perceptron_update(w, b, x, t, eta):
    return list(w), b


def train_perceptron(data, targets, eta=1, max_epochs=100):
    w = [0.0] * len(data[0])
    return w, 0.0, [(list(w), 0.0, 0)], True
