"""The step is scaled by eta twice: once in a "gradient" helper and once in the update."""
FUNCTION = "batch_update_nn"
HINT = ("your step is scaled by the learning rate twice: multiply the gradient by it "
        "exactly once")


def _m_gradient(node_delta, a, eta):
    return [eta * node_delta] + [eta * node_delta * a_k for a_k in a]


def batch_update_nn(network, activations, deltas, eta):
    new_network = []
    for layer, a, d in zip(network, activations, deltas):
        new_layer = []
        for node, d_j in zip(layer, d):
            grad = _m_gradient(d_j, a, eta)
            new_layer.append([w - eta * g for w, g in zip(node, grad)])
        new_network.append(new_layer)
    return new_network
