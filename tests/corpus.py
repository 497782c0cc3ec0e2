"""The corpus of test submissions in tests/submissions/ and what each must score.

Each file in MISTAKES holds one realistic student mistake in one function; everything
else in it is correct. It must lose points on that function's question. A function that
calls the broken one (usually sgd_nn) may lose points too; every other question scores full
marks. Each file in CORRECT must score full marks everywhere.
"""

MISTAKES: dict[str, tuple[str, str]] = {
    # sigmoid
    "sigmoid_overflow.py": (
        "sigmoid",
        "1 / (1 + math.exp(-x)): sigmoid(-1000) raises OverflowError",
    ),
    # initialize_weights
    "initialize_repeats_value.py": (
        "initialize_weights",
        "calls initialize_fn() once and repeats that one value in every weight",
    ),
    "initialize_no_bias.py": (
        "initialize_weights",
        "nodes have n_inputs weights, without the bias entry",
    ),
    # feedforward_ / feedforward
    "no_input_layer.py": (
        "feedforward_",
        "returns [a1, ..., aL] without the input x",
    ),
    "feedforward_no_bias.py": (
        "feedforward_",
        "weighted sum starts at 0 instead of the bias node[0]",
    ),
    "feedforward_returns_all.py": (
        "feedforward",
        "returns every layer's activations instead of only the output layer",
    ),
    # calculate_deltas
    "output_delta_sign.py": (
        "calculate_deltas",
        "output delta (y - aL) * aL * (1 - aL): the sign is flipped",
    ),
    "missing_sigmoid_derivative_hidden.py": (
        "calculate_deltas",
        "hidden deltas lack the sigmoid derivative al * (1 - al)",
    ),
    "missing_sigmoid_derivative_output.py": (
        "calculate_deltas",
        "output delta is aL - y, without aL * (1 - aL)",
    ),
    "bias_in_backprop_sum.py": (
        "calculate_deltas",
        "hidden sum uses network[l][k][j] instead of [j + 1]: the bias weight, off by one",
    ),
    "transposed_weights.py": (
        "calculate_deltas",
        "hidden sum over network[l][j][k + 1] (transposed): wrong values, IndexError if not square",
    ),
    "sigmoid_prime_of_activation.py": (
        "calculate_deltas",
        "derivative sigmoid(a) * (1 - sigmoid(a)) of the activation instead of a * (1 - a)",
    ),
    "deltas_reversed.py": (
        "calculate_deltas",
        "returns [dL, ..., d1], output layer first (its sgd_nn reverses them back)",
    ),
    # batch_update_nn
    "bias_not_updated.py": (
        "batch_update_nn",
        "updates the weights but leaves every bias as it was",
    ),
    "mutates_network.py": (
        "batch_update_nn",
        "updates the network argument in place and returns it",
    ),
    "eta_applied_twice.py": (
        "batch_update_nn",
        "multiplies by eta twice: the step is eta**2 * d * a",
    ),
    "eta_ignored.py": (
        "batch_update_nn",
        "ignores eta: w -= d * a (its sgd_nn does its own update with eta)",
    ),
    "bias_updated_with_activation.py": (
        "batch_update_nn",
        "bias -= eta * d_j * a_j, with the node's own output as if it were the bias input",
    ),
    # sgd_nn
    "stale_weights_sgd.py": (
        "sgd_nn",
        "backprops inside sgd_nn, updating each layer before computing the delta below it",
    ),
    "losses_before_epoch.py": (
        "sgd_nn",
        "records the loss before each epoch's updates instead of after",
    ),
    "theta0_mutated.py": (
        "sgd_nn",
        "trains theta0 in place (no copy), so the caller's network changes",
    ),
    "seed_ignored.py": (
        "sgd_nn",
        "shuffles with the global random.shuffle: seed is ignored, runs not reproducible",
    ),
    "rng_per_epoch.py": (
        "sgd_nn",
        "creates random.Random(seed) anew every epoch: the same order every epoch",
    ),
    "shuffle_flag_ignored.py": (
        "sgd_nn",
        "shuffles even when shuffle=False",
    ),
    "loss_mean.py": (
        "sgd_nn",
        "records the mean squared error instead of 1/2 * the sum of squared errors",
    ),
    # multi_accuracy
    "accuracy_count.py": (
        "multi_accuracy",
        "returns the number of correct predictions instead of the fraction",
    ),
}

CORRECT: list[str] = [
    "correct_loops.py",
    "correct_recursive.py",
    "correct_numpy_layers.py",
    "correct_vectorized.py",
    "correct_tuples_helpers.py",
    "correct_float32.py",
    "raises_in_one_cell.ipynb",
    "extra_cells_prints_plots.ipynb",
]
