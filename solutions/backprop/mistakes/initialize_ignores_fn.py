"""initialize_fn is ignored: the values come from the function's own seeded generator.

The student moved exercise A's `random.Random(0)` into initialize_weights itself, so the
network is reproducible but does not come from the initialize_fn it was given.
"""
import random

FUNCTION = "initialize_weights"
HINT = ("you draw the values yourself instead of calling initialize_fn: the function you "
        "are given decides what the values are")


def initialize_weights(n_nodes, initialize_fn=random.random):
    rng = random.Random(0)
    network = []
    for li in range(1, len(n_nodes)):
        layer = []
        for _j in range(n_nodes[li]):
            layer.append([rng.uniform(-1, 1) for k in range(n_nodes[li - 1] + 1)])
        network.append(layer)
    return network
