"""Each node gets one weight per input and no bias entry."""
import random

FUNCTION = "initialize_weights"
HINT = ("your nodes have no bias: every row needs one value more than the number of "
        "inputs, the bias first")


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for li in range(1, len(n_nodes)):
        layer = []
        for _j in range(n_nodes[li]):
            layer.append([initialize_fn() for k in range(n_nodes[li - 1])])
        network.append(layer)
    return network
