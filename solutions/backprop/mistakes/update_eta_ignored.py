"""eta is never used: every step is the full gradient, w -= d * a."""
FUNCTION = "batch_update_nn"
HINT = ("your update ignores the learning rate: each step is the gradient scaled by the "
        "learning rate you are given")


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        new_layer = []
        for node, d_j in zip(layer, d):
            new_node = [node[0] - d_j]
            for k in range(len(a)):
                new_node.append(node[k + 1] - d_j * a[k])
            new_layer.append(new_node)
        new_network.append(new_layer)
    return new_network
