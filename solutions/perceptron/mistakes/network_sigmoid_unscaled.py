"""gate_network returns the threshold network unscaled for sigmoid units."""
FUNCTION = "gate_network"
HINT = ("a sigmoid unit is close to 0 or 1 only when its activation is large: scale every "
        "weight and bias of the network up by a large factor")


def gate_network(gate, unit="threshold"):
    hidden = [[-1.5, 1, 1], [0.5, -1, -1]]
    outputs = {"XNOR": [[-0.5, 1, 1]], "XOR": [[0.5, -1, -1]]}
    return [hidden, outputs[gate]]
