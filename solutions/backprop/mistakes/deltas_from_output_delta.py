"""Every hidden layer is back-propagated from the output delta, not from the layer above.

The list is built front-first with insert(0, ...) but read with deltas[-1], which is
always the output delta; with one hidden layer the two coincide. The sum pairs rows
with deltas by zip, so the length mismatch of deeper networks passes silently.
"""
FUNCTION = "calculate_deltas"
HINT = ("your hidden deltas are all computed from the output layer's deltas: each layer "
        "takes the deltas of the layer directly above it")


def calculate_deltas(network, activations, y):
    out = activations[-1]
    deltas = [[(a - t) * a * (1 - a) for a, t in zip(out, y)]]
    for li in range(len(network) - 1, 0, -1):
        d = []
        for j, a in enumerate(activations[li]):
            s = sum(row[j + 1] * d_k for row, d_k in zip(network[li], deltas[-1]))
            d.append(a * (1 - a) * s)
        deltas.insert(0, d)
    return deltas
