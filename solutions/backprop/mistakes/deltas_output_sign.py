"""Output delta (y - aL) * aL * (1 - aL): the sign is flipped (and so are all deltas)."""
FUNCTION = "calculate_deltas"
HINT = ("your output-layer deltas have the opposite sign: check the derivative of "
        "1/2 (a - y)^2 with respect to a")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(t - a) * a * (1 - a) for a, t in zip(out, y)]]
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
