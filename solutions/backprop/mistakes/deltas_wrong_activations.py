"""Each hidden layer's deltas are built on activations[l + 1], the layer above, not its own.

activations holds the input first, so the activations of the nodes of network[l - 1] are
activations[l]; this student shifts the index by one. With enumerate and zip nothing
raises: the deltas simply get the size of the wrong layer.
"""
FUNCTION = "calculate_deltas"
HINT = ("your hidden deltas use the activations of the wrong layer: remember that the "
        "list of activations starts with the input")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 0, -1):
        d = []
        for j, a in enumerate(activations[li + 1]):
            s = sum(row[j + 1] * d_k for row, d_k in zip(network[li], deltas[0]))
            d.append(a * (1 - a) * s)
        deltas.insert(0, d)
    return deltas
