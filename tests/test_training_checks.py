"""Each check kind of the training assignment, fed a wrong answer: the message a student reads.

The functions under test run in this process through the child's own call routine
(harness.make_call), as the diagnosis replays mistakes: the same plain data crosses.
"""

import json
import runpy
from pathlib import Path

import numpy as np
import pytest

from autograder.checks import Evidence
from autograder.checks import training_math as tm
from autograder.checks.arrays import GRADIENTS, PARAMS
from autograder.checks.dropout import DropoutBehaves
from autograder.checks.optimizers import AdamFirstStep
from autograder.checks.slopes import DeltaMatchesLoss, GradientsMatchLoss, SlopeMatches
from autograder.checks.stopping import KeepsBestWeights
from autograder.compare import compare
from autograder.run import harness
from autograder.run.protocol import Reply
from autograder.suites.training import PIMA, SUITE

ROOT = Path(__file__).resolve().parents[1]
CORRECT = runpy.run_path(str(ROOT / "tests" / "training" / "correct_alternative.py"))
STUB = runpy.run_path(str(ROOT / "tests" / "training" / "stubs" / "crafted.py"))
MISTAKES = ROOT / "solutions" / "training" / "mistakes"


def judge(check, seed=0, **replaced):
    """The verdict on the correct variant with some of its functions replaced."""
    namespace = {**CORRECT, **replaced}
    trial = check.prepare(np.random.default_rng(seed))
    replies = [Reply.from_json(harness.make_call(json.loads(json.dumps(call.to_json(i))),
                                                 namespace))
               for i, call in enumerate(trial.calls)]
    return trial.judge(Evidence(replies))


def mistake(name):
    entry = runpy.run_path(str(MISTAKES / f"{name}.py"))
    return {entry["FUNCTION"]: entry[entry["FUNCTION"]]}


def stub(*names):
    """Functions of the crafted stub, which agree with each other and compute nothing."""
    return {name: STUB[name] for name in names}


def slope(function):
    return SlopeMatches("slope", 1, function, f"{function}_prime", tm.ACTIVATIONS[function][0])


def delta(loss, output, targets):
    return DeltaMatchesLoss("delta", 1, loss, f"delta_{loss}", output, targets, tm.LOSSES[loss])


def test_slope_check_holds_a_derivative_to_the_slope_of_its_function():
    check = slope("tanh")
    assert judge(check).passed
    verdict = judge(check, **mistake("tanh_prime_without_square"))
    assert not verdict.passed
    assert verdict.message.startswith("tanh_prime is not the slope of your tanh (centred "
                                      "differences, h = 0.001, at s = ")
    assert "first at tanh_prime[" in verdict.message and "expected" in verdict.message


def test_slope_check_says_when_the_function_does_not_return_a_vector():
    verdict = judge(slope("relu"), relu=lambda s: [[1.0], [2.0]])
    assert verdict.message == "relu of a vector should be a vector of the same length"


@pytest.mark.parametrize("function", ["sigmoid", "tanh", "relu", "leaky_relu"])
def test_slope_check_holds_the_function_to_the_lecture_before_its_slope(function):
    """g = g' = 0 is self-consistent: the check names g, which is wrong, at the points
    where it was called, with the lecture's value."""
    check = slope(function)
    verdict = judge(check, **stub(function, f"{function}_prime"))
    s = np.array(check.prepare(np.random.default_rng(0)).calls[2].args[0])
    wanted = tm.ACTIVATIONS[function][0](s + 1e-3)
    first = int(np.argmax(wanted != 0))  # relu's value at a negative s is 0, as the stub's
    assert verdict.message == (
        f"your {function} is wrong at s + h (h = 0.001, s = "
        f"{', '.join(f'{v:.3g}' for v in s)}): {np.count_nonzero(wanted)} of 8 numbers differ; "
        f"first at {function}(s + h)[{first}]: expected {wanted[first]:.9g}, got 0 (largest "
        f"relative error 1, tolerance 1e-05); {function}_prime is held to the slope of your "
        f"{function}, which must be right first")


def test_slope_check_names_a_derivative_that_is_right_only_for_a_wrong_function():
    """A doubled tanh with its doubled derivative: consistent, and wrong."""
    verdict = judge(slope("tanh"), tanh=lambda s: 2 * np.tanh(np.asarray(s)),
                    tanh_prime=lambda s: 2 * (1 - np.tanh(np.asarray(s)) ** 2))
    assert verdict.message.startswith("your tanh is wrong at s + h (h = 0.001, s = ")
    assert "8 of 8 numbers differ; first at tanh(s + h)[0]: expected " in verdict.message


def test_delta_check_holds_the_loss_to_the_lecture_before_its_slope():
    check = delta("cross_entropy", "softmax", "one-hot")
    assert judge(check).passed
    verdict = judge(check, **mistake("cross_entropy_mean"))
    call = check.prepare(np.random.default_rng(0)).calls[1]
    h, y = np.array(call.args[0]), np.array(call.args[1])
    assert h.shape == (3, 4)
    assert verdict.message == (
        "your cross_entropy is wrong on a random 3x4 batch: cross_entropy(softmax(s), y) with "
        f"s[0][0] + h (h = 0.01) is {tm.cross_entropy(h, y) / 3:.9g}, expected "
        f"{tm.cross_entropy(h, y):.9g} (relative error 0.5, tolerance 1e-05); "
        "delta_cross_entropy is held to the slope of your cross_entropy, which must be right "
        "first")


@pytest.mark.parametrize(("loss", "output", "targets"), [
    ("cross_entropy", "softmax", "one-hot"), ("binary_cross_entropy", "sigmoid", "binary"),
    ("mse", "sigmoid", "uniform")])
def test_delta_check_gives_nothing_to_a_loss_and_delta_that_are_both_0(loss, output, targets):
    verdict = judge(delta(loss, output, targets), **stub(loss, f"delta_{loss}"))
    assert verdict.message.startswith(f"your {loss} is wrong on a random 3x4 batch: {loss}("
                                      f"{output}(s), y) with s[0][0] + h (h = 0.01) is 0, "
                                      "expected ")
    assert verdict.message.endswith("(relative error 1, tolerance 1e-05); "
                                    f"delta_{loss} is held to the slope of your {loss}, which "
                                    "must be right first")


def test_delta_check_names_a_delta_that_is_not_the_slope_of_a_right_loss():
    check = delta("cross_entropy", "softmax", "one-hot")
    verdict = judge(check, **mistake("delta_cross_entropy_sign"))
    assert verdict.message.startswith(
        "delta_cross_entropy(s, y) is not the slope of cross_entropy(softmax(s), y) with "
        "respect to s (centred differences, h = 0.01): 12 of 12 numbers differ; first at "
        "delta_cross_entropy[0][0]: expected ")


def test_delta_check_wants_one_number_from_a_loss():
    check = delta("mse", "sigmoid", "uniform")
    verdict = judge(check, mse=lambda h, y: (np.asarray(h) - np.asarray(y)) ** 2 / 2)
    assert verdict.message == ("mse should return one number for a batch (the sum over "
                               "samples), got an array of shape (3, 4)")


def test_gradient_check_names_the_first_gradient_that_is_not_a_slope():
    check = GradientsMatchLoss("gradients", 1)
    assert judge(check).passed
    verdict = judge(check, **mistake("backward_missing_tanh_derivative"))
    assert "the gradients are not the slopes of the cross-entropy summed over the batch " \
           "(centred differences, h = 1e-05)" in verdict.message
    assert "first at dW1[" in verdict.message


def test_gradient_check_names_a_transposed_gradient_by_its_shape():
    verdict = judge(GradientsMatchLoss("gradients", 1), **mistake("backward_transposed_product"))
    assert "dW1 has shape" in verdict.message and "expected" in verdict.message


def test_adams_first_step_must_have_the_size_of_the_learning_rate():
    check = AdamFirstStep("first step", 1)
    assert judge(check).passed
    verdict = judge(check, **mistake("adam_no_bias_correction"))
    assert verdict.message.startswith("the first step (t=1, m = v = 0, lr=")
    assert ("Adam's first step moves each parameter by about -lr * sign(g)" in verdict.message
            and "bias correction makes m_hat = g and v_hat = g^2" in verdict.message)


def test_adams_first_step_counts_only_as_a_step_of_adam():
    """Sign-SGD, with Adam's own m and v, takes Adam's first step and no other."""
    check = AdamFirstStep("first step", 1)
    verdict = judge(check, **stub("adam_step"))
    call = check.prepare(np.random.default_rng(0)).calls[1]
    w, m, v = tm.adam_step(*map(np.array, call.args), **call.kwargs)
    moved = call.args[0][0] - call.kwargs["lr"] * np.sign(call.args[1][0])
    assert verdict.message.startswith(
        f"step 2 of a run on random gradients (lr={call.kwargs['lr']:.4g}, from the m and v "
        "Adam's rule reached) is not Adam's: 6 of 18 numbers differ; first at w[0]: expected "
        f"{w[0]:.9g}, got {moved:.9g} (largest relative error ")
    assert verdict.message.endswith(
        ", tolerance 1e-05); the first step was right, but it counts only as part of Adam's "
        "whole rule, in which m_hat / (sqrt(v_hat) + eps) is about sign(g) at t=1 only")


def test_adams_first_step_names_a_wrong_state_in_the_words_of_the_comparison():
    def m_not_averaged(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        w, m, v = CORRECT["adam_step"](w, g, m, v, t, lr, beta1, beta2, eps)
        return w, np.asarray(m) / (1 - beta1), v

    verdict = judge(AdamFirstStep("first step", 1), adam_step=m_not_averaged)
    assert verdict.message.startswith("the first step (t=1, m = v = 0, lr=")
    assert "6 of 18 numbers differ; first at m[0]: expected " in verdict.message


@pytest.mark.parametrize(("name", "dropout", "message"), [
    ("not rescaled", "dropout_not_rescaled", "each unit should be 0 (dropped) or x / (1 - p)"),
    ("at test time", "dropout_at_test_time",
     "with training=False dropout changed its input: at test time it should return x "
     "unchanged (no mask, no scaling)"),
    ("np.random", "dropout_global_random",
     "two calls with generators made from the same seed gave different masks: draw the mask "
     "from the rng argument (rng.random), not from np.random or random"),
])
def test_dropout_check_explains_each_way_of_getting_it_wrong(name, dropout, message):
    assert judge(DropoutBehaves("dropout", 1)).passed
    verdict = judge(DropoutBehaves("dropout", 1), **mistake(dropout))
    assert not verdict.passed
    assert message in verdict.message, name


def drop_probability(check, seed=0):
    return check.prepare(np.random.default_rng(seed)).calls[0].args[1]


def test_dropout_check_counts_the_units_kept():
    def keeps_all(x, p, rng, training=True):
        return np.asarray(x, dtype=float) / (1 - p) if training else np.asarray(x)

    check = DropoutBehaves("dropout", 1)
    p = drop_probability(check)
    assert judge(check, dropout=keeps_all).message == (
        f"with p={p:.3f}, dropout kept 16000 of 16000 units (8 calls on a 40x50 array); about "
        f"{16000 * (1 - p):.0f} should stay: p is the probability that a unit is dropped")


def test_dropout_check_tells_a_block_of_units_from_a_mask_drawn_unit_by_unit():
    """The crafted stub keeps a contiguous block of 1 - p of the units, placed by the
    seed: right values, the right share, a mask per seed, and 2 mixed rows per call."""
    check = DropoutBehaves("dropout", 1)
    p = drop_probability(check, seed=1)
    verdict = judge(check, seed=1, **stub("dropout"))
    prefix = f"with p={p:.3f}, in 8 calls on a 40x50 array, "
    suffix = (" of 31280 pairs of neighbouring units had one unit kept and the other dropped, "
              f"where a mask drawn unit by unit gives about {31280 * 2 * p * (1 - p):.0f}: drop "
              "each unit on its own, with probability p (rng.random(x.shape) < 1 - p), not in "
              "blocks or in a pattern")
    assert verdict.message.startswith(prefix) and verdict.message.endswith(suffix)
    mixed = int(verdict.message.removeprefix(prefix).removesuffix(suffix))
    assert mixed <= 8 * (2 + 2 * 50)  # each end of the block: one row, and the rows it borders


def test_dropout_check_wants_each_call_to_draw_afresh():
    """One mask for every seed, but for one unit the seed picks: another mask from
    another seed, and nearly the same units kept in every call."""
    def nearly_fixed(x, p, rng, training=True):
        x = np.asarray(x, dtype=float)
        if not training:
            return x
        mask = np.random.default_rng(0).random(x.shape) < 1 - p
        mask.flat[int(rng.integers(x.size))] ^= True
        return np.where(mask, x / (1 - p), 0.0)

    check = DropoutBehaves("dropout", 1)
    p = drop_probability(check, seed=1)
    verdict = judge(check, seed=1, dropout=nearly_fixed)
    assert verdict.message.startswith(
        f"with p={p:.3f}, over 8 calls on a 40x50 array with generators from different seeds, "
        "how often each unit was kept varies ")
    assert verdict.message.endswith(
        " times as much as when every call draws every unit afresh (1, within 0.3): each call "
        "should keep each unit with probability 1 - p, whatever the calls before did")
    assert 7 < float(verdict.message.split(" varies ")[1].split()[0]) < 9  # about 8 calls' worth


def test_dropout_check_wants_another_mask_from_another_seed():
    def one_mask(x, p, rng, training=True):
        x = np.asarray(x, dtype=float)
        if not training:
            return x
        return x * (np.random.default_rng(0).random(x.shape) < 1 - p) / (1 - p)

    verdict = judge(DropoutBehaves("dropout", 1), dropout=one_mask)
    assert verdict.message == ("generators made from different seeds gave the same mask: draw "
                               "the mask from the rng argument")


@pytest.mark.parametrize(("name", "message"), [
    ("fit_pima_returns_last_weights",
     "keep a copy of the weights at each new best and return that copy"),
    ("fit_pima_patience_off_by_one",
     "stop once 3 epochs in a row have not improved on the best"),
])
def test_early_stopping_check_measures_the_weights_it_is_given(name, message):
    check = KeepsBestWeights("best weights", 1)
    assert judge(check).passed
    verdict = judge(check, **mistake(name))
    assert message in verdict.message


def fit_problem(check, seed=0):
    """The starting weights and the two parts the check sends, as arrays."""
    args = check.prepare(np.random.default_rng(seed)).calls[0].args
    return tm.as_params(args[0]), *(np.array(a) for a in args[1:])


def test_early_stopping_check_wants_a_loss_curve_that_moves():
    """The crafted stub: its starting weights, and their own losses at every epoch."""
    check = KeepsBestWeights("best weights", 1)
    start, x_train, y_train, _, _ = fit_problem(check)
    assert judge(check, **stub("fit_pima")).message == (
        f"the training loss fit_pima recorded is "
        f"{tm.mean_binary_cross_entropy(start, x_train, y_train):.6g} at each of its 4 epochs: "
        "each epoch should train the weights and record the loss they have after it")


def test_early_stopping_check_measures_the_training_the_weights_it_is_given_had():
    """The starting weights again, with a curve that moves and a best first epoch: the
    returned weights were never trained."""
    def untrained(params, x_train, y_train, x_val, y_val, lr, max_epochs, patience,
                  batch_size):
        loss = STUB["_mean_loss"](params, x_train, y_train)
        return (params, [loss * (1 - 0.01 * e) for e in range(patience + 1)],
                [STUB["_mean_loss"](params, x_val, y_val) + 0.01 * e for e in range(patience + 1)])

    check = KeepsBestWeights("best weights", 1)
    start, x_train, y_train, _, _ = fit_problem(check)
    started = tm.mean_binary_cross_entropy(start, x_train, y_train)
    assert judge(check, fit_pima=untrained).message == (
        f"the weights fit_pima returned have a training loss of {started:.6g}, no lower than "
        f"the {started:.6g} of the weights it was given: the best epoch's weights are those "
        "after that epoch's training, and an epoch at lr=0.3 lowers the training loss")


def test_early_stopping_check_measures_the_training_loss_of_the_best_weights():
    def summed(*args, **kwargs):
        params, train_losses, val_losses = CORRECT["fit_pima"](*args, **kwargs)
        return params, [16 * loss for loss in train_losses], val_losses

    check = KeepsBestWeights("best weights", 1)
    (call,) = check.prepare(np.random.default_rng(0)).calls
    params, train_losses, val_losses = CORRECT["fit_pima"](*call.args, **call.kwargs)
    best = int(np.argmin(val_losses))
    _, x_train, y_train, _, _ = fit_problem(check)
    on_train = tm.mean_binary_cross_entropy(tm.as_params(params), x_train, y_train)
    assert judge(check, fit_pima=summed).message == (
        f"the weights fit_pima returned have a training loss of {on_train:.6g}, but "
        f"train_losses records {16 * train_losses[best]:.6g} at the best epoch ({best + 1}): "
        "record each part's loss of the weights as they are at the end of the epoch")


def test_early_stopping_check_says_what_fit_pima_should_return():
    verdict = judge(KeepsBestWeights("best weights", 1),
                    fit_pima=lambda params, *args, **kwargs: params)
    assert verdict.message.startswith("fit_pima should return (params, train_losses, "
                                      "val_losses) with params = (W1, b1, W2, b2)")


def test_pima_check_trains_three_times_and_measures_on_the_test_part():
    (check,) = [c for c in SUITE.question("fit_pima").checks if c.name.startswith("learns")]
    verdict = judge(check)
    assert verdict.passed and [run.seed for run in verdict.training] == [1, 2, 3]
    untrained = judge(check, fit_pima=lambda params, *args, **kwargs: (params, [0.7], [0.7]))
    assert not untrained.passed
    assert untrained.message.startswith(
        "trained 3 times on Pima (7-8-1 network, lr=1.0, at most 200 epochs, patience 20): "
        "test accuracy ")
    assert untrained.message.endswith(f"reached {PIMA.accuracy:g}, 2 must")


def test_named_arrays_explain_a_wrong_tuple_and_a_place():
    wrong = compare([[[1.0]], [[1.0]], [[1.0]]], [[[1.0]]] * 4, PARAMS)
    assert wrong.message == "the result should be a tuple of 4 arrays (W1, b1, W2, b2)"
    shifted = compare([[[0.0]], [[0.0]], [[0.0], [2.0]], [[0.0]]],
                      [[[0.0]], [[0.0]], [[0.0], [1.0]], [[0.0]]], GRADIENTS)
    assert "first at dW2[1][0]: expected 1, got 2" in shifted.message


def test_pima_check_explains_parameters_that_make_no_network_instead_of_crashing():
    (check,) = [c for c in SUITE.question("fit_pima").checks if c.name.startswith("learns")]
    no_output = judge(check, fit_pima=lambda params, *args, **kwargs: (
        [params[0], params[1], [[]] * 8, [[]]], [0.7], [0.7]))
    assert no_output.message.startswith("training on Pima: the parameters W1, b1, W2, b2 have "
                                        "shapes [(7, 8), (1, 8), (8, 0), (1, 0)]")


def test_the_reference_reaches_the_pima_threshold_from_every_starting_network():
    """The threshold is one the reference meets on every seed the check uses, not on most."""
    from autograder.load import load

    reference = {}
    for cell in load(ROOT / "solutions" / "training" / "training.ipynb").cells:
        exec(compile(cell.source, "reference", "exec"), reference)  # the course's own code
    (check,) = [c for c in SUITE.question("fit_pima").checks if c.name.startswith("learns")]
    trial = check.prepare(np.random.default_rng(0))
    replies = [Reply.from_json(harness.make_call(call.to_json(i), reference))
               for i, call in enumerate(trial.calls)]
    runs = trial.judge(Evidence(replies)).training
    assert len(runs) == 3
    assert min(run.accuracy for run in runs) >= PIMA.accuracy
