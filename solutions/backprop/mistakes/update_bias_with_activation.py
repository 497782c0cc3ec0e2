"""bias_j -= eta * d_j * a_j, with the node's own output standing in for the bias input."""
FUNCTION = "batch_update_nn"
HINT = ("your bias update multiplies by an activation: the bias's input is the constant 1, "
        "so its step is the learning rate times the delta alone")


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for li, (layer, a, d) in enumerate(zip(network, activations, deltas)):
        own = activations[li + 1]
        new_layer = []
        for j, (node, d_j) in enumerate(zip(layer, d)):
            new_node = [node[0] - eta * d_j * own[j]]
            for k in range(len(a)):
                new_node.append(node[k + 1] - eta * d_j * a[k])
            new_layer.append(new_node)
        new_network.append(new_layer)
    return new_network
