"""threshold_neuron leaves the bias out of the activation."""
FUNCTION = "threshold_neuron"
HINT = "add the bias, weights[0], to the weighted sum of the inputs"


def threshold_neuron(weights, inputs, signed=False):
    a = sum(w * x for w, x in zip(weights[1:], inputs))
    if a >= 0:
        return 1
    return -1 if signed else 0
