"""The back-propagated sum runs over network[l][j][k + 1]: the weights transposed.

Wrong values on square layers, IndexError when a layer has more nodes than the one above.
"""
FUNCTION = "calculate_deltas"
HINT = ("your back-propagated sum reads the weights transposed: the weight from node j to "
        "node k of the layer above is in row k of that layer, not row j")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 0, -1):
        above, d_above = network[li], deltas[0]
        d = []
        for j, a in enumerate(activations[li]):
            s = 0.0
            for k in range(len(above)):
                s += above[j][k + 1] * d_above[k]
            d.append(a * (1 - a) * s)
        deltas.insert(0, d)
    return deltas
