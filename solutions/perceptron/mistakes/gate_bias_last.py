"""gate_weights writes each unit's bias last, [w_1, w_2, b]."""
FUNCTION = "gate_weights"
HINT = "the bias comes first: a unit's weights are [b, w_1, w_2], not [w_1, w_2, b]"


def gate_weights(gate):
    return {"AND": [1, 1, -1.5], "OR": [1, 1, -0.5], "NOT": [-1, 0]}[gate]
