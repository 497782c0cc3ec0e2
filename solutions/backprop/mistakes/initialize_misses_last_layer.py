"""The loop over layers stops one early: the output layer is missing."""
import random

FUNCTION = "initialize_weights"
HINT = ("your network has one layer too few: the loop over the layer sizes stops before "
        "the output layer")


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for li in range(1, len(n_nodes) - 1):
        layer = []
        for _j in range(n_nodes[li]):
            layer.append([initialize_fn() for k in range(n_nodes[li - 1] + 1)])
        network.append(layer)
    return network
