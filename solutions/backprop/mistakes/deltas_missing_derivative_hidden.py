"""Hidden deltas are the back-propagated sums alone, without al * (1 - al)."""
FUNCTION = "calculate_deltas"
HINT = ("your hidden-layer deltas lack the sigmoid's derivative: the back-propagated sum "
        "must still go through the derivative of the node's own sigmoid")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 0, -1):
        above, d_above = network[li], deltas[0]
        d = []
        for j in range(len(activations[li])):
            s = 0.0
            for k in range(len(above)):
                s += above[k][j + 1] * d_above[k]
            d.append(s)
        deltas.insert(0, d)
    return deltas
