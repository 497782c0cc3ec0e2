"""The crafted stub of the training assignment scores its honest score: 0.

tests/training/stubs/crafted.py computes nothing it is graded on and answers every
self-consistency check consistently (g = g' = 0, loss = delta = 0, sign-SGD with Adam's
m and v, a block of units for dropout, untrained weights with a flat curve). Graded as a
student's submission, on several draws, every question scores 0, and each check it used
to pass says why it fails now.
"""

from pathlib import Path

import pytest

from autograder.suites import get_suite
from tests.conftest import trusted_grader

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "solutions" / "training" / "training.ipynb"
CRAFTED = ROOT / "tests" / "training" / "stubs" / "crafted.py"
SUITE = get_suite("training")

# The checks it passed before they had an anchor, and the words of each failure now.
ANCHORED = {
    **{f"{g}: {g}_prime is the slope of {g}": f"your {g} is wrong at s + h"
       for g in ("sigmoid", "tanh", "relu", "leaky_relu")},
    **{f"{loss}: delta_{loss} is the slope of {loss}": f"your {loss} is wrong on a random "
       for loss in ("cross_entropy", "binary_cross_entropy", "mse")},
    "adam_step: first step moves by about lr * sign(g)": "step 2 of a run on random gradients",
    "fit_pima: early stopping keeps the best weights": "the training loss fit_pima recorded is ",
}


@pytest.fixture(scope="module", params=[1, 2, 3])
def report(request):
    return trusted_grader(SUITE, reference=SOURCE, seed=request.param).grade(CRAFTED)


def test_the_crafted_stub_scores_0_on_every_question(report):
    assert report.loaded
    assert {q.name: q.score for q in report.questions} == {q.name: 0 for q in SUITE.questions}
    assert (report.score, report.max_score) == (0, 100)


def test_each_check_it_passed_before_names_what_is_wrong(report):
    messages = {c.title: c.message for c in report.checks}
    for title, words in ANCHORED.items():
        assert messages[title].startswith(words), title


def test_its_dropout_is_caught_as_a_block_or_as_one_mask_for_two_seeds(report):
    """The block is placed by the seed: on the small array two seeds may place it alike
    (1 draw in 24); on the large one its neighbours give it away."""
    (check,) = [c for c in report.checks if c.question == "dropout"]
    assert not check.passed
    assert (" pairs of neighbouring units had one unit kept and the other dropped, where a mask "
            "drawn unit by unit gives about " in check.message
            or check.message == "generators made from different seeds gave the same mask: "
                                "draw the mask from the rng argument")
