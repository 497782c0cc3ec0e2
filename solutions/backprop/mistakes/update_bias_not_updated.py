"""The weights are updated but every bias is copied unchanged."""
FUNCTION = "batch_update_nn"
HINT = ("your update leaves the biases as they were: a bias is the weight of a constant "
        "input of 1 and moves against its node's delta too")


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        new_layer = []
        for node, d_j in zip(layer, d):
            new_node = [node[0]]
            for k in range(len(a)):
                new_node.append(node[k + 1] - eta * d_j * a[k])
            new_layer.append(new_node)
        new_network.append(new_layer)
    return new_network
