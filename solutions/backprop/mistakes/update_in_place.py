"""The network argument is updated in place and returned."""
FUNCTION = "batch_update_nn"
HINT = ("you change the network you were given (updating it in place, or a copy that "
        "still shares its rows): build new rows and leave the argument as it was")


def batch_update_nn(network, activations, deltas, eta):
    for layer, a, d in zip(network, activations, deltas):
        for node, d_j in zip(layer, d):
            node[0] -= eta * d_j
            for k in range(len(a)):
                node[k + 1] -= eta * d_j * a[k]
    return network
