"""Output delta aL - y, without the sigmoid derivative aL * (1 - aL)."""
FUNCTION = "calculate_deltas"
HINT = ("your output-layer deltas lack the sigmoid's derivative: the delta is the "
        "derivative of the loss with respect to the node's input, not its output")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[a - t for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 0, -1):
        above, d_above = network[li], deltas[0]
        d = []
        for j, a in enumerate(activations[li]):
            s = 0.0
            for k in range(len(above)):
                s += above[k][j + 1] * d_above[k]
            d.append(a * (1 - a) * s)
        deltas.insert(0, d)
    return deltas
