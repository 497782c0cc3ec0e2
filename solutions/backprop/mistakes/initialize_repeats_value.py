"""initialize_fn() is called once and that one value fills every weight."""
import random

FUNCTION = "initialize_weights"
HINT = ("you call initialize_fn once and repeat its value everywhere: call it anew for "
        "every single number of the network")


def initialize_weights(n_nodes, initialize_fn=random.random):
    value = initialize_fn()
    network = []
    for li in range(1, len(n_nodes)):
        network.append([[value] * (n_nodes[li - 1] + 1) for j in range(n_nodes[li])])
    return network
