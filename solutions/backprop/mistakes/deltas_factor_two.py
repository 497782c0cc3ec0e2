"""Output delta 2 * (aL - y) * aL * (1 - aL): the derivative of (a - y)^2, not of 1/2 (a - y)^2."""
FUNCTION = "calculate_deltas"
HINT = ("your deltas are twice too large: the course's loss has a factor 1/2 that cancels "
        "the 2 of the square")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[2 * (a - t) * a * (1 - a) for a, t in zip(out, y)]]
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
