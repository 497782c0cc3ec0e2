"""threshold_neuron reads the bias from the end of weights, [w_1, ..., w_n, b]."""
FUNCTION = "threshold_neuron"
HINT = ("the bias comes first: weights is [b, w_1, ..., w_n], so weights[0] is added on its "
        "own and weights[i] multiplies inputs[i - 1]")


def threshold_neuron(weights, inputs, signed=False):
    a = weights[-1] + sum(w * x for w, x in zip(weights[:-1], inputs))
    if a >= 0:
        return 1
    return -1 if signed else 0
