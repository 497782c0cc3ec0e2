"""sigmoid_neuron computes 1 / (1 + e^a): the exponent's sign is flipped."""
import math

FUNCTION = "sigmoid_neuron"
HINT = ("the exponent's minus sign is missing: the sigmoid is 1 / (1 + e^(-a)), close to 1 "
        "for a large positive activation")


def sigmoid_neuron(weights, inputs):
    a = weights[0] + sum(w * x for w, x in zip(weights[1:], inputs))
    if a <= 0:
        return 1.0 / (1.0 + math.exp(a))
    e = math.exp(-a)
    return e / (1.0 + e)
