"""The backward loop stops one layer early: the first hidden layer gets no delta."""
FUNCTION = "calculate_deltas"
HINT = ("your backward loop stops one layer too early: every layer of the network, the "
        "first one included, needs its deltas")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 1, -1):
        above, d_above = network[li], deltas[0]
        d = []
        for j, a in enumerate(activations[li]):
            s = 0.0
            for k in range(len(above)):
                s += above[k][j + 1] * d_above[k]
            d.append(a * (1 - a) * s)
        deltas.insert(0, d)
    return deltas
