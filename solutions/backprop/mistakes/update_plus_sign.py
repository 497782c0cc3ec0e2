"""w += eta * d * a: a step up the gradient instead of down."""
FUNCTION = "batch_update_nn"
HINT = ("your update climbs the gradient: gradient descent moves every parameter against "
        "its gradient")


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        new_layer = []
        for node, d_j in zip(layer, d):
            new_node = [node[0] + eta * d_j]
            for k in range(len(a)):
                new_node.append(node[k + 1] + eta * d_j * a[k])
            new_layer.append(new_node)
        new_network.append(new_layer)
    return new_network
