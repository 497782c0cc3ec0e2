"""The one tolerant comparison: its rules for tolerance, NaN, infinity, shapes, and its words."""

import math

import numpy as np
import pytest

from autograder.checks.arrays import GRADIENTS, PARAMS
from autograder.compare import ACTIVATIONS, DELTAS, NETWORK, NUMBER, TRAINED, Vector, compare

NAN, INF = math.nan, math.inf
MAZUR = [[[0.35, 0.15, 0.20], [0.35, 0.25, 0.30]], [[0.60, 0.40, 0.45], [0.60, 0.50, 0.55]]]


@pytest.mark.parametrize("value, form", [
    (0.5, NUMBER),
    ([0.1, 0.2, 0.3], Vector()),
    (MAZUR, NETWORK),
    ([[0.05, 0.1], [0.59, 0.6], [0.75]], ACTIVATIONS),
    ([MAZUR, [0.29, 0.28]], TRAINED),
])
def test_equal_values_pass(value, form):
    comparison = compare(value, value, form)
    assert comparison.passed
    assert comparison.message == ""


def test_integers_and_tuples_count_as_numbers():
    assert compare((1, 2), [1.0, 2.0], Vector()).passed


@pytest.mark.parametrize("difference, passed", [(1.9e-6, True), (2.1e-6, False)])
def test_tolerance_boundary(difference, passed):
    # rel_error = d / (|x| + |y|) = d / (2 + d): just under, then just over 1e-6
    assert compare([1.0 + difference], [1.0], Vector()).passed is passed


def test_message_reports_the_tested_quantity():
    comparison = compare([1.0, 1.0 + 2.2e-6, 3.0], [1.0, 1.0, 3.0], Vector())
    assert comparison.message == (
        "1 of 3 numbers differ; first at output 2: expected 1, got 1.0000022 "
        "(largest relative error 1.1e-06, tolerance 1e-06)")
    assert comparison.rel_error == pytest.approx(2.2e-6 / (2 + 2.2e-6))


def test_a_check_may_set_its_own_tolerance():
    assert compare(1.001, 1.0, NUMBER, rtol=1e-3).passed
    assert not compare(1.001, 1.0, NUMBER).passed


@pytest.mark.parametrize("actual, expected, passed", [
    (NAN, 0.5, False),
    (0.5, NAN, False),
    (NAN, NAN, True),
    (INF, INF, True),
    (-INF, -INF, True),
    (INF, -INF, False),
    (INF, 1e308, False),
    (1e308, INF, False),
])
def test_nan_and_infinity_agree_only_with_themselves(actual, expected, passed):
    assert compare(actual, expected, NUMBER).passed is passed


def test_nan_message():
    assert compare(NAN, 0.5, NUMBER).message == (
        "1 of 1 numbers differ; first at the result: expected 0.5, got nan "
        "(largest relative error inf, tolerance 1e-06)")


def test_shape_mismatch():
    comparison = compare([0.1, 0.2, 0.3], [0.1, 0.2], Vector())
    assert not comparison.passed
    assert comparison.message == "the result has shape (3,), expected (2,)"


def test_layer_of_the_wrong_shape():
    wrong = [MAZUR[0], [row[:2] for row in MAZUR[1]]]
    assert compare(wrong, MAZUR, NETWORK).message == (
        "network[1] has shape (2, 2), expected (2, 3)")


def test_wrong_number_of_layers():
    comparison = compare([*MAZUR, MAZUR[1]], MAZUR, NETWORK)
    assert not comparison.passed
    assert comparison.message == "network has 3 layers, expected 2"


def test_wrong_number_of_vectors():
    assert compare([[0.1], [0.2]], [[0.1]], DELTAS).message == "deltas has 2 vectors, expected 1"


def test_ragged_layer():
    ragged = [[[0.35, 0.15, 0.20], [0.35, 0.25]], MAZUR[1]]
    comparison = compare(ragged, MAZUR, NETWORK)
    assert not comparison.passed
    assert comparison.message == "network[0] is not a rectangular array of numbers (ragged lists?)"


def test_a_number_where_a_network_is_due():
    assert compare(1.0, MAZUR, NETWORK).message == (
        "the result should be a network (a list of layers), got a number")


def test_first_difference_is_named_in_the_course_terms():
    wrong = [MAZUR[0], [MAZUR[1][0], [0.60, 0.50, 0.56]]]
    message = compare(wrong, MAZUR, NETWORK).message
    assert message.startswith("1 of 12 numbers differ; first at network[1][1][2] "
                              "(weight w_2 of node 2): expected 0.55, got 0.56")


def test_reveal_false_hides_the_expected_value():
    comparison = compare([0.25, 0.123456789], [0.25, 0.987654321], Vector(), reveal=False)
    assert not comparison.passed
    assert "0.987654321" not in comparison.message
    assert "expected" not in comparison.message
    assert comparison.message == ("1 of 2 numbers differ from the reference's (relative error "
                                  "above 1e-06); first at output 2, where you return 0.123456789")


def test_reveal_false_still_explains_shapes_without_values():
    comparison = compare([0.25], [0.25, 0.987654321], Vector(), reveal=False)
    assert comparison.message == "the result has shape (1,), expected (2,)"


@pytest.mark.parametrize("actual, passed", [
    (1e-300, True),   # as good as 0: the floor keeps the relative error finite
    (5e-15, True),    # 5e-15 / 1e-8 = 5e-7, under the tolerance
    (2e-14, False),   # 2e-14 / 1e-8 = 2e-6, over it
    (1e-10, False),
])
def test_floor_for_values_near_zero(actual, passed):
    assert compare(actual, 0.0, NUMBER).passed is passed


def test_floor_can_be_raised():
    assert not compare(1e-12, 0.0, NUMBER).passed
    assert compare(1e-12, 0.0, NUMBER, floor=1e-6).passed


def test_signs_differ_near_zero():
    # opposite signs: rel_error = 2|x| / max(1e-8, 2|x|) = 1, however small x is
    assert not compare(-1e-6, 1e-6, NUMBER).passed


def test_a_small_number_beside_large_ones_is_measured_against_a_tenth_of_the_largest():
    # 1e-4 next to 1.0: single precision leaves it accurate to about 1e-8 absolutely,
    # a relative error of 1e-4 on its own, but 1e-8 / (0.1 * 2) = 5e-8 of its layer.
    assert compare([1.0, 1e-4 + 1e-8], [1.0, 1e-4], Vector()).passed
    assert not compare([1e-4 + 1e-8], [1e-4], Vector()).passed  # alone, it is its own scale


def test_a_wrong_small_number_beside_large_ones_still_fails():
    comparison = compare([1.0, 2e-4], [1.0, 1e-4], Vector())
    assert not comparison.passed
    assert comparison.message.startswith("1 of 2 numbers differ; first at output 2: "
                                         "expected 0.0001, got 0.0002")


def test_the_scale_is_each_layers_own():
    # a tiny layer beside a large one keeps its own, strict scale
    tiny = [[[1e-4, 1e-4, 1e-4]], [[1.0, 1.0]]]
    nudged = [[[1e-4 + 1e-8, 1e-4, 1e-4]], [[1.0, 1.0]]]
    assert not compare(nudged, tiny, NETWORK).passed


def test_parts_that_share_a_scale_measure_a_cancelling_sum_against_the_whole_value():
    # db2 summed over a batch nearly cancels to 2e-3 beside dW2 of size 1: in single
    # precision it keeps an absolute error of about 1e-7, 2.5e-5 of itself
    expected = [[[1.0]], [[0.5]], [[-0.8]], [[2e-3, -2e-3]]]
    rounded = [[[1.0]], [[0.5]], [[-0.8]], [[2e-3 + 1e-7, -2e-3]]]
    assert compare(rounded, expected, GRADIENTS, rtol=1e-5).passed
    wrong = [[[1.0]], [[0.5]], [[-0.8]], [[4e-3, -2e-3]]]  # summed twice: still caught
    comparison = compare(wrong, expected, GRADIENTS, rtol=1e-5)
    assert not comparison.passed
    assert "first at db2[0][0]" in comparison.message


def test_parts_keep_their_own_scale_unless_their_form_shares_one():
    expected = [[[1.0]], [[0.5]], [[-0.8]], [[2e-3, -2e-3]]]
    rounded = [[[1.0]], [[0.5]], [[-0.8]], [[2e-3 + 1e-7, -2e-3]]]
    assert not compare(rounded, expected, PARAMS, rtol=1e-5).passed


def test_numbers_are_float32s_only_when_some_number_tells():
    from autograder.compare import in_single_precision

    assert in_single_precision([float(np.float32(0.1)), float(np.float32(2.3))], enough=1)
    assert not in_single_precision([0.1, float(np.float32(2.3))], enough=1)  # 0.1 is float64's
    assert not in_single_precision([0.0, 1.0, 0.5, -3.0], enough=1)  # any precision gives these
    assert not in_single_precision([float(np.float32(0.1))] * 3)  # fewer than 20 by default


def test_a_float32_result_is_held_to_what_float32_can_give():
    """0.5 * (1 + tanh(-15)) is 0 in float32 and 9.4e-14 in float64; a float32 weight after
    many steps differs from float64's in its sixth digit. A wrong value still fails."""
    from autograder.compare import compare

    saturated = compare(0.0, 9.35762297e-14, NUMBER, single=True)
    assert saturated.passed
    assert not compare(0.0, 9.35762297e-14, NUMBER).passed
    drifted = compare([0.047268074, 1.0], [0.0472680001, 1.0], Vector("w"), single=True)
    assert drifted.passed
    wrong = compare([0.0475, 1.0], [0.0472680001, 1.0], Vector("w"), single=True)
    assert not wrong.passed and "tolerance 0.00012207" in wrong.message
