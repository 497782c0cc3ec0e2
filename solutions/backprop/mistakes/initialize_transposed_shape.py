"""Each layer has one row per input (bias row first) and one column per node: W[k][j]."""
import random

FUNCTION = "initialize_weights"
HINT = ("your layers are transposed: a layer needs one row per node it feeds, each row "
        "the bias followed by one weight per input")


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for li in range(1, len(n_nodes)):
        layer = []
        for _k in range(n_nodes[li - 1] + 1):
            layer.append([initialize_fn() for j in range(n_nodes[li])])
        network.append(layer)
    return network
