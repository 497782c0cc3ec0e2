"""Each check kind of the perceptron, fed a wrong answer, says what a student should read.

Wrong answers come from the catalog of mistakes, run as the child would run them, or are
written out by hand; the checks are the suite's own, as declared.
"""

import json
import re
import runpy

import numpy as np
import pytest

from autograder.checks import Evidence
from autograder.checks.perceptron import NeverSeparates, read_run
from autograder.checks.separable import separable, unit_accuracy
from autograder.compare import FormError
from autograder.run import harness
from autograder.run.protocol import Call, Reply
from autograder.suites import get_suite
from autograder.suites.perceptron import AND_RUN, BOOLEAN_INPUTS
from tests.perceptron.helpers import BASE, CATALOG

SUITE = get_suite("perceptron")


def declared(question: str, name: str):
    return next(c for c in SUITE.question(question).checks if c.name == name)


def answers(entry: str, calls: list[Call]) -> list[Reply]:
    """What a catalog entry (or a corpus file) replies to calls, as the child would."""
    path = CATALOG / f"{entry}.py" if "/" not in entry else entry
    namespace = runpy.run_path(str(path))
    return [Reply.from_json(harness.make_call(json.loads(json.dumps(c.to_json(i))), namespace))
            for i, c in enumerate(calls)]


def judged(check, replies=None, expected=None, seed=0, answer=None):
    trial = check.prepare(np.random.default_rng(seed))
    if answer is not None:
        replies = answers(answer, trial.calls)
    return trial.judge(Evidence(replies, expected)), trial


def test_gate_weights_bias_last_names_the_input_it_gets_wrong():
    verdict, _ = judged(declared("gate_weights", "AND"), [Reply(value=[1.0, 1.0, -1.5])])
    assert not verdict.passed
    assert verdict.message == ("gate_weights('AND') with threshold units outputs 1 on (0, 0); "
                               "AND(0, 0) = 0")


def test_gate_weights_of_the_wrong_length():
    verdict, _ = judged(declared("gate_weights", "NOT"), [Reply(value=[0.0, -1.0, 1.0])])
    assert verdict.message == ("gate_weights('NOT'): the weights should be [b, w_1]: 2 numbers, "
                               "bias first; got 3")


def test_unscaled_sigmoid_network_is_not_within_the_tolerance():
    verdict, _ = judged(declared("gate_network", "XOR with sigmoid units (outputs within 1e-4)"),
                        answer="network_sigmoid_unscaled")
    assert re.fullmatch(r"gate_network\('XOR', unit='sigmoid'\) with sigmoid units outputs "
                        r"0\.42\d+ on \(0, 0\); XOR\(0, 0\) = 0 and the output must be within "
                        r"0\.0001 of it", verdict.message), verdict.message


def test_a_network_that_does_not_fit_two_inputs():
    verdict, _ = judged(declared("gate_network", "XNOR with threshold units"),
                        [Reply(value=[[[0.0, 1.0, 1.0]], [[0.0, 1.0], [0.0, 1.0]]])])
    assert verdict.message == ("gate_network('XNOR', unit='threshold'): the network should take "
                               "2 inputs and have one output node; its layers have shapes "
                               "[(1, 3), (2, 2)]")


def test_and_trace_that_stops_before_the_epoch_without_a_change():
    verdict, _ = judged(declared("train_perceptron", "the lecture's AND trace"),
                        answer="train_no_final_epoch")
    assert verdict.message == ("train_perceptron on AND with eta=1: the history has 5 epochs, "
                               "expected 6; mistakes per epoch: [2, 3, 3, 2, 1], expected "
                               "[2, 3, 3, 2, 1, 0]")


def test_and_trace_with_an_aliased_history_names_the_first_epoch_that_differs():
    verdict, _ = judged(declared("train_perceptron", "the lecture's AND trace"),
                        answer="train_history_aliased")
    assert verdict.message == ("train_perceptron on AND with eta=1: 2 of 28 numbers differ; "
                               "first at w_1 after epoch 1: expected 1, got 2 (largest relative "
                               "error 0.33, tolerance 1e-06)")


def test_hidden_trace_says_fewer_epochs_without_the_reference_numbers():
    check = declared("train_perceptron", "hidden case: random data, epoch by epoch")
    trial = check.prepare(np.random.default_rng(0))
    short = [AND_RUN[0], AND_RUN[1], AND_RUN[2][:2], False]
    verdict = trial.judge(Evidence([Reply(value=short)] * 2, [Reply(value=AND_RUN)] * 2))
    assert verdict.message == ("on random data, your history has 2 epochs, fewer than the "
                               "reference's; your mistakes per epoch: [2, 3]")


def test_hidden_trace_of_a_batch_perceptron_does_not_reveal_the_reference():
    check = declared("train_perceptron", "hidden case: random data, epoch by epoch")
    trial = check.prepare(np.random.default_rng(3))
    expected = answers(str(BASE), trial.calls)
    verdict = trial.judge(Evidence(answers("train_batch", trial.calls), expected))
    assert not verdict.passed
    assert verdict.message.startswith("on random data, ")
    assert "expected" not in verdict.message


def test_history_that_goes_on_after_converging():
    verdict, _ = judged(declared("train_perceptron",
                                 "history: one entry per epoch, up to the first without a change"),
                        answer="train_never_stops")
    assert re.fullmatch(r"on \d+ samples with max_epochs=\d+: epoch \d+ made no mistake, yet "
                        r"training went on for \d+ more epoch\(s\): stop after the first epoch "
                        r"without a change", verdict.message), verdict.message


def test_history_that_stops_when_the_weights_come_back_on_xor():
    verdict, _ = judged(declared("train_perceptron",
                                 "history: one entry per epoch, up to the first without a change"),
                        answer="train_stops_when_weights_repeat")
    assert re.fullmatch(r"on 4 samples with max_epochs=\d+: training stopped after epoch \d+, "
                        r"which made \d mistake\(s\): stop only after an epoch without a change "
                        r"\(or after max_epochs\)", verdict.message), verdict.message


def test_history_whose_converged_flag_disagrees():
    check = declared("train_perceptron",
                     "history: one entry per epoch, up to the first without a change")
    trial = check.prepare(np.random.default_rng(0))
    replies = answers(str(BASE), trial.calls)
    w, b, history, _ = replies[0].value
    verdict = trial.judge(Evidence([Reply(value=[w, b, history, 0.0]), replies[1]]))
    assert verdict.message.endswith("converged is False, but the last epoch made 0 mistake(s): "
                                    "converged is True exactly when training ended with an "
                                    "epoch without a change")


CONVERGES = "converges on separable data within (R/gamma)^2 mistakes"
ABOUT = (r"on 20 random linearly separable points in 2 dimensions \(R = [\d.]+, gamma = "
         r"[\d.]+: at most \(R/gamma\)\^2 = \d+ mistakes\) with eta=[\d.]+, ")


def test_converges_follows_the_rule_whatever_eta():
    verdict, _ = judged(declared("train_perceptron", CONVERGES), answer="train_eta_ignored")
    assert re.fullmatch(ABOUT + r"epoch 1 does not follow the perceptron rule from zero: after "
                        r"it the bias b is -[\d.]+ by the rule, -1 in your history",
                        verdict.message), verdict.message


def test_converges_counts_the_mistakes_itself():
    verdict, _ = judged(declared("train_perceptron", CONVERGES),
                        answer="train_cumulative_mistakes")
    assert re.fullmatch(ABOUT + r"epoch 2 makes \d+ mistake\(s\) by the perceptron rule from "
                        r"the weights after epoch 1; your history counts \d+",
                        verdict.message), verdict.message


def test_converges_refuses_a_separator_found_another_way():
    """A line that separates the data, with a history of one epoch without a mistake."""
    check = declared("train_perceptron", CONVERGES)
    trial = check.prepare(np.random.default_rng(0))
    replies = answers(str(BASE), trial.calls)
    faked = [Reply(value=[w, b, [[w, b, 0.0]], True]) for w, b, _, _ in
             (reply.value for reply in replies)]
    verdict = trial.judge(Evidence(faked))
    assert re.fullmatch(ABOUT + r"epoch 1 does not follow the perceptron rule from zero: after "
                        r"it the bias b is -?[\d.]+ by the rule, -?[\d.]+ in your history",
                        verdict.message), verdict.message


def test_converges_needs_the_epoch_without_a_mistake():
    verdict, _ = judged(declared("train_perceptron", CONVERGES), answer="train_no_final_epoch")
    assert re.fullmatch(ABOUT + r"training stopped after epoch \d+ \(max_epochs=\d+\), which "
                        r"made \d+ mistake\(s\): it had not converged",
                        verdict.message), verdict.message


def test_converges_needs_the_flag_and_the_last_weights():
    check = declared("train_perceptron", CONVERGES)
    trial = check.prepare(np.random.default_rng(0))
    replies = answers(str(BASE), trial.calls)
    w, b, history, _ = replies[0].value
    rest = replies[1:]
    verdict = trial.judge(Evidence([Reply(value=[w, b, history, False]), *rest]))
    assert re.fullmatch(ABOUT + "training ended with an epoch without a mistake, but converged "
                        "is False", verdict.message), verdict.message
    verdict = trial.judge(Evidence([Reply(value=[w, b + 1, history, True]), *rest]))
    assert re.fullmatch(ABOUT + "the returned w and b are not those of the history's last "
                        "epoch", verdict.message), verdict.message
    assert trial.judge(Evidence(replies)).passed


XOR_LIMIT = "XOR's limit: never converges, at most 3 of 4 right"


def test_xor_limit_refuses_convergence():
    check = declared("train_perceptron", XOR_LIMIT)
    trial = check.prepare(np.random.default_rng(0))
    (reply,) = answers(str(BASE), trial.calls)
    w, b, history, _ = reply.value
    verdict = trial.judge(Evidence([Reply(value=[w, b, history, 1.0])]))
    assert re.fullmatch(r"on X(N)?OR with eta=[\d.]+ and max_epochs=\d+, train_perceptron "
                        r"reports converged = True, but no line separates X(N)?OR",
                        verdict.message), verdict.message
    assert trial.judge(Evidence([reply])).passed


def test_xor_limit_of_a_perceptron_that_stops_when_weights_repeat():
    verdict, _ = judged(declared("train_perceptron", XOR_LIMIT),
                        answer="train_stops_when_weights_repeat")
    assert re.search(r"the history has \d+ epochs: no line separates X(N)?OR, so every epoch "
                     r"makes a mistake and training runs all max_epochs epochs$",
                     verdict.message), verdict.message


def test_xor_limit_refuses_a_made_up_history():
    """One mistake claimed per epoch, weights that stay at zero: the rule makes four."""
    check = declared("train_perceptron", XOR_LIMIT)
    trial = check.prepare(np.random.default_rng(0))
    limit = trial.calls[0].kwargs["max_epochs"]
    made_up = [[0.0, 0.0], 0.0, [[[0.0, 0.0], 0.0, 1.0]] * limit, False]
    verdict = trial.judge(Evidence([Reply(value=made_up)]))
    assert verdict.message == ("on XNOR with eta=0.23 and max_epochs=15, epoch 1 makes 4 "
                               "mistake(s) by the perceptron rule from zero; your history "
                               "counts 1")


def test_never_separates_measures_the_accuracy_itself():
    """Declared on data that a line gets 4 of 5 right, the measured accuracy is what fails."""
    data = [*BOOLEAN_INPUTS, [1.0, 1.0]]
    check = NeverSeparates("OR with a contradiction", 1, (("OR'", data, [0, 1, 1, 1, 0]),))
    trial = check.prepare(np.random.default_rng(0))
    verdict = trial.judge(Evidence(answers(str(BASE), trial.calls)))
    assert re.fullmatch(r"on OR' with eta=[\d.]+ and max_epochs=\d+, weights in the history "
                        r"classify 80% of the points; no line gets more than 75% of OR'",
                        verdict.message), verdict.message


@pytest.mark.parametrize("value, message", [
    ([[1.0], 0.0, []], "the result should be four values (w, b, history, converged)"),
    ([[1.0], 0.0, [[[1.0], 0.0]], True], "history[0] should be (w, b, number of mistakes) of "
                                         "epoch 1"),
    ([[float("nan")], 0.0, [[[1.0], 0.0, 0.0]], True], "the result holds NaN or infinity: "
                                                       "expected plain numbers"),
])
def test_a_run_that_is_not_laid_out_as_asked(value, message):
    with pytest.raises(FormError) as error:
        read_run(value)
    assert str(error.value) == message


@pytest.mark.parametrize("seed", range(5))
def test_separable_data_keep_their_margin_and_bound(seed):
    data = separable(np.random.default_rng(seed), 30, 3, gap=0.1)
    x, t = np.array(data.data), np.array(data.targets)
    assert 30 // 4 <= t.sum() <= 30 - 30 // 4
    assert data.radius == pytest.approx(np.sqrt(1 + (x**2).sum(axis=1).max()))
    assert data.margin >= 0.1 / np.sqrt(1 + 0.3**2)
    namespace = runpy.run_path(str(BASE))
    w, b, history, converged = namespace["train_perceptron"](data.data, data.targets, 1.0,
                                                              int(data.bound) + 2)
    assert converged and unit_accuracy(np.array(w), b, x, t) == 1.0
    assert sum(m for _, _, m in history) <= data.bound
