"""Within a node the weights are drawn first and the bias after them (then put first)."""
import random

FUNCTION = "initialize_weights"
HINT = ("within a node you draw the weights before the bias: the bias must be the first "
        "value drawn for each node")


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for li in range(1, len(n_nodes)):
        layer = []
        for _j in range(n_nodes[li]):
            weights = [initialize_fn() for k in range(n_nodes[li - 1])]
            bias = initialize_fn()
            layer.append([bias] + weights)
        network.append(layer)
    return network
