"""network[l] is updated with activations[l + 1], its own outputs, not its inputs.

Written with zip, so a length mismatch passes silently: extra weights are left unchanged.
"""
FUNCTION = "batch_update_nn"
HINT = ("your weight steps use the outputs of the layer being updated: a weight's "
        "gradient uses the activation of the node it comes from, in the layer below")


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations[1:], deltas):
        new_layer = []
        for node, d_j in zip(layer, d):
            new_node = [node[0] - eta * d_j] + list(node[1:])
            for k, a_k in zip(range(len(node) - 1), a):
                new_node[k + 1] = node[k + 1] - eta * d_j * a_k
            new_layer.append(new_node)
        new_network.append(new_layer)
    return new_network
