"""The back-propagated sum uses network[l][k][j] instead of [j + 1]: off by one into the bias."""
FUNCTION = "calculate_deltas"
HINT = ("the bias weight enters your back-propagated sum: node j of a layer is connected "
        "through the entry after the bias in each row of the layer above")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 0, -1):
        above, d_above = network[li], deltas[0]
        d = []
        for j, a in enumerate(activations[li]):
            s = 0.0
            for k in range(len(above)):
                s += above[k][j] * d_above[k]
            d.append(a * (1 - a) * s)
        deltas.insert(0, d)
    return deltas
