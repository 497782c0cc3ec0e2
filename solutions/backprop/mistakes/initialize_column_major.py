"""Each layer is drawn input by input (column by column) and transposed afterwards.

The shape is right, but the values are not drawn node by node, bias first.
"""
import random

import numpy as np

FUNCTION = "initialize_weights"
HINT = ("you draw each layer column by column (the biases of all nodes, then the first "
        "weight of all nodes, ...): draw one node's whole row before the next node's")


def initialize_weights(n_nodes, initialize_fn=random.random):
    network = []
    for n_in, n_out in zip(n_nodes[:-1], n_nodes[1:]):
        columns = [[initialize_fn() for j in range(n_out)] for k in range(n_in + 1)]
        network.append(np.array(columns).T.tolist())
    return network
