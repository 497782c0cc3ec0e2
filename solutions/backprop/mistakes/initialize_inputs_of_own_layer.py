"""Each row has 1 + n_nodes[l] values, the size of the node's own layer, not the one feeding it."""
import random

FUNCTION = "initialize_weights"
HINT = ("your rows have one weight per node of their own layer: a node needs one weight "
        "per node of the layer that feeds it, plus the bias")


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for li in range(1, len(n_nodes)):
        layer = []
        for _j in range(n_nodes[li]):
            layer.append([initialize_fn() for k in range(n_nodes[li] + 1)])
        network.append(layer)
    return network
