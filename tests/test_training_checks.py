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


def test_slope_check_holds_a_derivative_to_the_slope_of_its_function():
    check = SlopeMatches("slope", 1, "tanh", "tanh_prime")
    assert judge(check).passed
    verdict = judge(check, **mistake("tanh_prime_without_square"))
    assert not verdict.passed
    assert verdict.message.startswith("tanh_prime is not the slope of your tanh (centred "
                                      "differences, h = 0.001, at s = ")
    assert "first at tanh_prime[" in verdict.message and "expected" in verdict.message


def test_slope_check_says_when_the_function_does_not_return_a_vector():
    verdict = judge(SlopeMatches("slope", 1, "relu", "relu_prime"), relu=lambda s: [[1.0], [2.0]])
    assert verdict.message == "relu of a vector should be a vector of the same length"


def test_delta_check_blames_the_pair_when_the_loss_is_averaged():
    check = DeltaMatchesLoss("delta", 1, "cross_entropy", "delta_cross_entropy", "softmax",
                             "one-hot")
    assert judge(check).passed
    verdict = judge(check, **mistake("cross_entropy_mean"))
    assert verdict.message.startswith(
        "delta_cross_entropy(s, y) is not the slope of cross_entropy(softmax(s), y) with "
        "respect to s (centred differences, h = 0.01); one of the two is wrong: 12 of 12 "
        "numbers differ; first at delta_cross_entropy[0][0]")


def test_delta_check_wants_one_number_from_a_loss():
    check = DeltaMatchesLoss("delta", 1, "mse", "delta_mse", "sigmoid", "uniform")
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


def test_dropout_check_counts_the_units_kept():
    def keeps_all(x, p, rng, training=True):
        return np.asarray(x, dtype=float) / (1 - p) if training else np.asarray(x)

    verdict = judge(DropoutBehaves("dropout", 1), dropout=keeps_all)
    assert "dropout kept 2000 of 2000 units" in verdict.message
    assert "p is the probability that a unit is dropped" in verdict.message


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
