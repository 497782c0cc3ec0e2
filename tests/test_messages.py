"""What a student reads: for each kind of check, a wrong submission and the message it gets.

Tiny submissions define only the function under test: the others are reported as not
defined, which costs the child nothing, so each of these gradings takes a fraction of
a second with the session's shared Grader.
"""

import json
import re

import numpy as np
import pytest
from corpus import MISTAKES

from autograder import nn
from autograder.checks.training import RESULTS_FORMAT
from autograder.run.child import Limits
from autograder.suites.backprop import DELTAS_RTOL, IRIS
from tests.conftest import trusted_grader


def result(report, title):
    (check,) = [c for c in report.checks if c.title == title]
    return check


def message(report, title):
    check = result(report, title)
    assert not check.passed, f"{title} passed"
    return check.message


def question(report, name):
    (found,) = [q for q in report.questions if q.name == name]
    return found


# Worked examples and hidden cases


def test_worked_example_points_at_the_wrong_output_delta(graded):
    """The output delta's sign is flipped: the message names the output delta and its value."""
    text = message(graded("output_delta_sign.py"), "calculate_deltas: worked example (Mazur)")
    assert text.startswith("calculate_deltas on Mazur's example: ")
    assert "deltas[1][0]" in text
    assert "expected 0.138498562" in text


def flatten(value):
    """The numbers of a nested value, as 1-D arrays, walked without recursion."""
    stack, parts = [value], []
    while stack:
        item = stack.pop()
        if isinstance(item, list) and item and isinstance(item[0], list):
            stack.extend(item)
        else:
            parts.append(np.ravel(np.asarray(item, dtype=float)))
    return parts


def reference_numbers(grader, title):
    """The reference's numbers for a hidden check, as a message would print them."""
    (plan,) = [p for p in grader.planned if f"{p.question.name}: {p.check.name}" == title]
    expected = grader.expected()
    numbers = [x for i in plan.hidden_calls for part in flatten(expected[i].value) for x in part]
    # short renderings ("0", "1") also occur in counts; the 9-digit ones are what would leak
    return {f"{x:.9g}" for x in numbers if len(f"{x:.9g}") >= 6}


def hidden_failures(report):
    return [c for c in report.checks if c.hidden and not c.passed]


def leaked(grader, check):
    """The reference's numbers that a hidden check's message prints.

    The student's own value ("where you return 0.12") may equal a reference number by right
    (a sign error, a repeated value): only the rest of the message counts.
    """
    text = re.sub(r"where you return -?[\d.]+(e[+-]\d+)?", "where you return ...",
                  check.message)
    printed = set(re.findall(r"-?\d+(?:\.\d+)?(?:e[+-]\d+)?", text))
    return printed & reference_numbers(grader, check.title)


def test_hidden_case_message_never_shows_the_reference(graded, grader):
    report = graded("output_delta_sign.py")
    checks = [c for c in hidden_failures(report) if c.question == "calculate_deltas"]
    assert len(checks) == 3
    for check in checks:
        assert check.message.startswith("on a random ")
        assert re.search(r"first at deltas\[\d\]\[\d\], where you return -?\d", check.message)
        assert f"relative error above {DELTAS_RTOL:g})" in check.message  # deltas' own
        assert "largest relative error" not in check.message  # it would give the value away
        assert "expected" not in check.message
        assert leaked(grader, check) == set(), check.message


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_no_hidden_failure_in_the_corpus_shows_the_reference(graded, grader, name):
    for check in hidden_failures(graded(name)):
        # a shape or a count may be named ("has shape (2,), expected (5,)"), a value never
        assert not re.search(r"expected -?[\d.]+(e[+-]\d+)?, got", check.message), check.message
        assert leaked(grader, check) == set(), check.message


def test_wrong_number_of_vectors(graded):
    text = message(graded("no_input_layer.py"), "feedforward_: worked example (Mazur)")
    assert text == "feedforward_ on Mazur's network: activations has 2 vectors, expected 3"


def test_nan_is_a_wrong_value(grade_code):
    report = grade_code("def sigmoid(x):\n    return float('nan')\n")
    assert message(report, "sigmoid: worked values").startswith(
        "sigmoid(0): 1 of 1 numbers differ; first at the result: expected 0.5, got nan")


def test_ragged_network(grade_code):
    report = grade_code(
        "def initialize_weights(n_nodes, initialize_fn=None):\n"
        "    return [[[1, 1, 1], [1, 1]], [[1, 1, 1]]]\n")
    assert message(report, "initialize_weights: all-ones fixture") == (
        "initialize_weights([2, 2, 1], lambda: 1): "
        "network[0] is not a rectangular array of numbers (ragged lists?)")


# What comes back instead of a value


def test_function_that_raises(grade_code):
    report = grade_code("def calculate_deltas(network, activations, y):\n    return 1 / 0\n")
    assert message(report, "calculate_deltas: worked example (Mazur)") == (
        "calculate_deltas on Mazur's example: "
        "calculate_deltas raised ZeroDivisionError: division by zero")
    assert message(report, "calculate_deltas: hidden case 3-5-4-2") == (
        "on a random 3-5-4-2 network, calculate_deltas raised ZeroDivisionError: division by zero")


def test_missing_function_costs_only_its_own_points(grade_code):
    report = grade_code(
        "def multi_accuracy(data, targets, f):\n"
        "    hits = 0\n"
        "    for x, t in zip(data, targets):\n"
        "        out = list(f(x))\n"
        "        hits += out.index(max(out)) == list(t).index(max(t))\n"
        "    return hits / len(data)\n")
    assert message(report, "sigmoid: worked values") == (
        "sigmoid(0): sigmoid is not defined in the submission")
    assert report.problems == ["not defined in the submission: batch_update_nn, "
                               "calculate_deltas, feedforward, feedforward_, "
                               "initialize_weights, sgd_nn, sigmoid"]
    assert question(report, "multi_accuracy").score == 5


def test_no_function_at_all(grade_code):
    report = grade_code("print('hello')\n")
    assert report.problems == ["none of the assignment's functions is defined in the submission"]
    assert report.score == 0


def test_returning_a_dict(grade_code):
    report = grade_code("def feedforward_(network, x):\n    return {'a1': [0.5]}\n")
    assert message(report, "feedforward_: worked example (Mazur)") == (
        "feedforward_ on Mazur's network: feedforward_ returned a dict; "
        "expected numbers in lists or numpy arrays")


def test_returning_none(grade_code):
    report = grade_code("def sigmoid(x):\n    1 / (1 + 2.718281828459045 ** -x)\n")
    assert message(report, "sigmoid: worked values") == (
        "sigmoid(0): sigmoid returned None; expected numbers in lists or numpy arrays")


def test_cell_that_raises_is_reported_and_the_rest_graded(grade_code):
    report = grade_code(
        "import math\n\n"
        "def sigmoid(x):\n"
        "    return 0.5 * (1 + math.tanh(x / 2))\n\n"
        "raise ValueError('boom')\n")
    assert report.problems[0].splitlines()[0] == "code cell 1 raised ValueError: boom"
    assert question(report, "sigmoid").score == question(report, "sigmoid").max_score


def test_child_that_exits(grade_code):
    report = grade_code("import os\n\ndef sigmoid(x):\n    os._exit(3)\n")
    assert message(report, "sigmoid: worked values") == (
        "sigmoid(0): sigmoid gave no answer: the process exited (code 3) before answering")
    assert ("the submission's process was stopped during a call of sigmoid: "
            "the process exited (code 3) before answering (2 times)") in report.problems


def test_child_past_the_time_limit(suite, tmp_path):
    path = tmp_path / "hang.py"
    path.write_text("def sigmoid(x):\n    while True:\n        pass\n")
    report = trusted_grader(suite, limits=Limits(wall_seconds=1.0)).grade(path)
    assert message(report, "sigmoid: worked values") == (
        "sigmoid(0): sigmoid gave no answer: it ran past the time limit of 1 s")
    assert ("the submission's process was stopped during a call of sigmoid: "
            "it ran past the time limit of 1 s") in report.problems


# Properties


def test_mutated_network(grade_code):
    report = grade_code(
        "def batch_update_nn(network, activations, deltas, eta):\n"
        "    for layer, a, d in zip(network, activations, deltas):\n"
        "        for j, node in enumerate(layer):\n"
        "            node[0] -= eta * d[j]\n"
        "            for k in range(len(a)):\n"
        "                node[k + 1] -= eta * d[j] * a[k]\n"
        "    return network\n")
    text = message(report, "batch_update_nn: network not mutated")
    assert text.startswith("batch_update_nn changed its argument network: ")
    assert "first at network[0][0][0] (the bias of node 1): was " in text
    assert text.endswith("work on a copy and return a new value")
    # the values it returns are right: only the mutation costs points
    assert [c.name for c in question(report, "batch_update_nn").checks if not c.passed] == [
        "network not mutated"]


def test_mutated_theta0(graded):
    text = message(graded("theta0_mutated.py"), "sgd_nn: theta0 not mutated")
    assert text.startswith("sgd_nn changed its argument theta0: ")


def test_initialize_fn_call_count(grade_code):
    report = grade_code(
        "def initialize_weights(n_nodes, initialize_fn=None):\n"
        "    network = []\n"
        "    for n_in, n_out in zip(n_nodes[:-1], n_nodes[1:]):\n"
        "        layer = []\n"
        "        for _ in range(n_out):\n"
        "            initialize_fn()\n"
        "            layer.append([initialize_fn() for _ in range(1 + n_in)])\n"
        "        network.append(layer)\n"
        "    return network\n")
    assert message(report, "initialize_weights: one initialize_fn call per value") == (
        "initialize_fn was called 65 times for a network of 54 numbers; call it once per number")


def test_gradient_not_the_slope_of_the_loss(graded):
    text = message(graded("output_delta_sign.py"),
                   "calculate_deltas: gradient matches finite differences (3-5-4-2)")
    assert text.startswith("the gradient d_j * a_k built from your deltas is not the slope of "
                           "the loss: 54 of 54 numbers differ; first at gradient[0][0][0] "
                           "(the bias of node 1): expected ")


SGD = "def sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, shuffle=True, seed=None):\n"


def test_seed_ignored(grade_code):
    report = grade_code(
        "import random\n\n" + SGD +
        "    order = list(range(len(x)))\n"
        "    if shuffle:\n"
        "        random.shuffle(order)\n"
        "    return theta0, [float(i) for i in order][:n_epochs]\n")
    assert re.fullmatch(r"two runs with shuffle=True and seed=\d+ gave different results; "
                        r"shuffle with random\.Random\(seed\)",
                        message(report, "sgd_nn: shuffle follows seed"))


def test_shuffle_never_happens(grade_code):
    report = grade_code(SGD + "    return theta0, [0.0] * n_epochs\n")
    assert re.fullmatch(r"seeds \d+ and \d+ gave the same result; "
                        r"with shuffle=True the order of samples should change",
                        message(report, "sgd_nn: shuffle follows seed"))


# Training


def test_training_that_does_not_learn(grade_code):
    report = grade_code(SGD + "    return theta0, [0.0] * n_epochs\n")
    assert re.fullmatch(r"trained 3 times on (XOR|XNOR) \(2-4-1 network, eta=2\.0, 500 epochs\): "
                        r"accuracy \d\.\d\d, \d\.\d\d, \d\.\d\d; \d reached 1, 2 must",
                        message(report, "sgd_nn: learns an XOR-family function"))
    assert re.fullmatch(r"trained 3 times on Iris \(4-5-3 network, eta=0\.5, "
                        r"30 epochs\): accuracy \d\.\d\d, \d\.\d\d, \d\.\d\d; 0 reached 0\.8, "
                        r"2 must", message(report, "sgd_nn: learns Iris"))


def test_training_returns_the_wrong_shape(grade_code):
    report = grade_code(SGD + "    return theta0[:1], [0.0] * n_epochs\n")
    assert message(report, "sgd_nn: learns Iris") == (
        "training on Iris: the trained network has layer shapes [(5, 5)], "
        "expected [(5, 5), (3, 6)]")


def test_dependency_note_on_sgd_nn(graded):
    report = graded("output_delta_sign.py")
    assert question(report, "sgd_nn").note.startswith(
        "sgd_nn usually calls calculate_deltas, which fails its own checks")
    assert question(report, "calculate_deltas").note == ""
    assert question(report, "multi_accuracy").note == ""


# results.txt


def reference_claim(reference_results):
    return json.loads(reference_results.read_text())


def measured(network):
    return nn.accuracy(nn.as_network(network), np.array(IRIS.x_test), np.array(IRIS.y_test))


def test_results_missing(grade_code):
    report = grade_code("x = 1\n")
    for title in ("results.txt: stated accuracy re-measured",
                  "results.txt: test accuracy of at least 0.9"):
        assert message(report, title) == "there is no results.txt beside the submission"


def test_results_not_json_shows_the_format_with_an_example(grade_code):
    report = grade_code("x = 1\n", results="network = [[1, 2]]\naccuracy = 0.95\n")
    said = message(report, "results.txt: stated accuracy re-measured")
    assert said.startswith("results.txt is not JSON (")
    assert said.endswith(f". {RESULTS_FORMAT}")
    assert '{"network": [[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], [[0.7, 0.8, 0.9]]], ' \
           '"accuracy": 0.95}' in said


def test_results_without_its_keys(grade_code):
    report = grade_code("x = 1\n", results='{"net": [], "acc": 0.9}')
    assert message(report, "results.txt: stated accuracy re-measured") == RESULTS_FORMAT


@pytest.mark.parametrize("write", [
    lambda claim: json.dumps(claim),
    lambda claim: "\ufeff" + json.dumps(claim),  # a byte-order mark from a Windows editor
    lambda claim: repr(claim),  # print(results) of the Python dict
    lambda claim: "\ufeff" + repr({"network": tuple(map(tuple, claim["network"])),
                                   "accuracy": claim["accuracy"]}),
], ids=["json", "json-bom", "python-literal", "python-literal-tuples-bom"])
def test_results_in_any_unambiguous_form_are_read(grade_code, reference_results, write):
    claim = reference_claim(reference_results)
    report = grade_code("x = 1\n", results=write(claim))
    for title in ("results.txt: stated accuracy re-measured",
                  "results.txt: test accuracy of at least 0.9"):
        (check,) = [c for c in report.checks if c.title == title]
        assert check.passed, check.message


def test_results_that_are_code_are_not_run(grade_code, tmp_path):
    marker = tmp_path / "ran"
    report = grade_code("x = 1\n", results=f"__import__('pathlib').Path({str(marker)!r})"
                                            ".touch() or {'network': [], 'accuracy': 0.5}")
    assert not marker.exists()
    assert message(report, "results.txt: stated accuracy re-measured").endswith(RESULTS_FORMAT)


def test_results_accuracy_in_percent(grade_code, reference_results):
    claim = reference_claim(reference_results)
    claim["accuracy"] = 93.3
    report = grade_code("x = 1\n", results=json.dumps(claim))
    assert message(report, "results.txt: stated accuracy re-measured") == (
        "the accuracy in results.txt should be a fraction, got 93.3")


def test_results_network_of_the_wrong_size(grade_code):
    network = [[[0.0, 0.0, 0.0]] * 3, [[0.0] * 4] * 3]  # 2 inputs, Iris has 4
    report = grade_code("x = 1\n", results=json.dumps({"network": network, "accuracy": 0.5}))
    assert message(report, "results.txt: stated accuracy re-measured") == (
        "the network in results.txt should take 4 inputs and give 3 outputs")


def test_results_overstate_the_accuracy(grade_code, reference_results):
    claim = reference_claim(reference_results)
    truth = measured(claim["network"])
    claim["accuracy"] = 1.0
    assert truth < 1.0
    report = grade_code("x = 1\n", results=json.dumps(claim))
    text = message(report, "results.txt: stated accuracy re-measured")
    assert text.startswith(f"results.txt states an accuracy of 1.0000, but its network "
                           f"scores {truth:.4f} on the ")
    assert "the the" not in text
    assert result(report, "results.txt: test accuracy of at least 0.9").passed


def test_results_network_too_weak(grade_code):
    network = [[[0.0] * 5] * 3, [[0.0] * 4] * 3]  # outputs all equal: always the first class
    truth = measured(network)
    report = grade_code("x = 1\n", results=json.dumps({"network": network, "accuracy": truth}))
    assert result(report, "results.txt: stated accuracy re-measured").passed
    text = message(report, "results.txt: test accuracy of at least 0.9")
    assert text.startswith(f"the network in results.txt scores {truth:.4f} on the ")
    assert text.endswith("test split; 0.9 is needed")
    assert "the the" not in text
