"""The training reference at the edges, where a textbook formula gives NaN: dropout of
every unit, and losses of saturated outputs (0 log 0).

The reference answers as the grader asks it (reference.answers_of, plain data in and out).
It gives what PyTorch gives: zeros for dropout with p = 1; log h taken as at least -100 in
both losses, so that 0 log 0 = 0 and a confident wrong answer costs 100 per sample. On
ordinary inputs nothing changes: the same mask from the same seed, the same losses to the
last bit, so hidden cases drawn before keep their answers.
"""

import math
import warnings

import numpy as np
import pytest

from autograder.checks import training_math as tm
from autograder.reference import answers_of
from autograder.run.protocol import Call, generator
from tests.test_training_grading import SOURCE

X = [[0.5, -1.0, 2.0], [1.5, 0.25, -3.0]]


def reference(*calls: Call) -> list[object]:
    """The reference's values for the calls, with every warning an error: an edge case
    must not warn either (divide by zero in log)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        replies = answers_of(SOURCE, list(calls))
    assert all(reply.ok for reply in replies), [reply.failure for reply in replies]
    return [reply.value for reply in replies]


def test_dropout_of_every_unit_gives_zeros():
    dropped, tested = reference(Call("dropout", (X, 1.0, generator(3))),
                                Call("dropout", (X, 1.0, generator(3)), {"training": False}))
    assert dropped == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert tested == X  # at test time dropout does nothing, whatever p


@pytest.mark.parametrize("p", [0.0, 0.25, 0.5, 0.999])
def test_dropout_below_1_draws_the_mask_it_always_drew(p):
    (out,) = reference(Call("dropout", (X, p, generator(11))))
    keep = 1 - p
    mask = np.random.default_rng(11).random((2, 3)) < keep if p else np.ones((2, 3), bool)
    assert np.array_equal(out, np.array(X) * mask / keep)


@pytest.mark.parametrize("h, y, loss", [
    ([1.0], [0.0], 100.0),  # certain of the wrong answer: PyTorch's 100 per sample
    ([0.0], [1.0], 100.0),
    ([1.0, 0.0, 1.0], [0.0, 1.0, 0.0], 300.0),
    ([1.0, 0.0], [1.0, 0.0], 0.0),  # certain and right: 0 log 0 = 0
    ([0.5], [1.0], math.log(2)),
])
def test_binary_cross_entropy_of_saturated_outputs_is_finite(h, y, loss):
    (value,) = reference(Call("binary_cross_entropy", (h, y)))
    assert value == pytest.approx(loss, rel=1e-15)


@pytest.mark.parametrize("h, y, loss", [
    ([[1.0, 0.0, 0.0]], [[1.0, 0.0, 0.0]], 0.0),  # a saturated softmax, right: 0 log 0 = 0
    ([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], 0.0),
    ([[1.0, 0.0]], [[0.0, 1.0]], 100.0),  # wrong, as binary_cross_entropy([1], [0])
    ([[0.5, 0.5, 0.0]], [[1.0, 0.0, 0.0]], math.log(2)),
])
def test_cross_entropy_of_saturated_outputs_is_finite(h, y, loss):
    (value,) = reference(Call("cross_entropy", (h, y)))
    assert value == pytest.approx(loss, rel=1e-15)


def test_losses_of_ordinary_outputs_are_the_lectures_to_the_last_bit():
    rng = np.random.default_rng(5)
    s, classes = rng.normal(0, 2, (6, 4)), rng.integers(0, 4, 6)
    h, y = tm.softmax(s), np.eye(4)[classes]
    b, t = 1 / (1 + np.exp(-rng.normal(0, 2, (6, 3)))), rng.integers(0, 2, (6, 3)).astype(float)
    ce, bce = reference(Call("cross_entropy", (h.tolist(), y.tolist())),
                        Call("binary_cross_entropy", (b.tolist(), t.tolist())))
    assert ce == -float(np.sum(y * np.log(h))) == tm.cross_entropy(h, y)
    assert bce == -float(np.sum(t * np.log(b) + (1 - t) * np.log(1 - b)))
    assert bce == tm.binary_cross_entropy(b, t)
