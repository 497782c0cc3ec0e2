"""A property is a condition on a correct answer: it pays only beside correct values.

The rule is the engine's (autograder/points.py), for every assignment: a check declared
`condition` (not mutated, one call per value, follows the seed) that holds earns its
points only when every value check of its question passed; otherwise it earns nothing
and says which value checks failed.
"""

import json

import numpy as np
import pytest

from autograder.checks import Check, Evidence, Verdict
from autograder.checks.base import PASS
from autograder.points import award
from autograder.run import harness
from autograder.run.protocol import Reply
from autograder.suites import assignments, get_suite
from tests.perceptron.helpers import BASE


class Declared(Check):
    def __init__(self, name, points, condition=False):
        self.name, self.points, self.condition = name, points, condition

    def prepare(self, rng):
        raise NotImplementedError


FAILED = Verdict(False, "wrong")


def test_a_condition_pays_when_every_value_check_passes():
    checks = [Declared("value", 3), Declared("kept", 2, condition=True)]
    assert [a.points for a in award(checks, [PASS, PASS])] == [3, 2]


def test_a_condition_that_holds_beside_a_wrong_value_earns_nothing_and_says_why():
    checks = [Declared("worked example, one epoch", 3), Declared("hidden case", 4),
              Declared("value", 1), Declared("kept", 2, condition=True)]
    awards = award(checks, [FAILED, PASS, FAILED, PASS])
    assert [a.points for a in awards] == [0, 4, 0, 0]
    assert awards[3].message == ('holds, but earns its points only with correct values: '
                                 '"worked example, one epoch" and "value" failed')
    assert awards[0].message == "wrong"


def test_a_condition_that_fails_says_its_own_reason():
    checks = [Declared("value", 3), Declared("kept", 2, condition=True)]
    awards = award(checks, [FAILED, Verdict(False, "changed its argument")])
    assert [(a.points, a.message) for a in awards] == [(0, "wrong"), (0, "changed its argument")]


def test_conditions_alone_earn_nothing():
    awards = award([Declared("kept", 2, condition=True)], [PASS])
    assert awards[0].points == 0
    assert awards[0].message == ("holds, but earns its points only with correct values, and no "
                                 "check of this question's values ran here")


@pytest.mark.parametrize("assignment", assignments())
def test_every_condition_sits_beside_a_value_check_that_runs_in_public_and_hidden(assignment):
    for question in get_suite(assignment).questions:
        if any(c.condition for c in question.checks):
            assert any(not c.condition for c in question.checks if not c.hidden), question.name


def test_the_backprop_properties_are_conditions(suite):
    conditions = {f"{q.name}: {c.name}" for q in suite.questions for c in q.checks
                  if c.condition}
    assert conditions == {"initialize_weights: one initialize_fn call per value",
                          "batch_update_nn: network not mutated", "sgd_nn: theta0 not mutated",
                          "sgd_nn: shuffle follows seed"}


def test_an_update_that_returns_its_argument_earns_nothing_for_leaving_it_alone(grade_code):
    report = grade_code("def batch_update_nn(network, activations, deltas, eta):\n"
                        "    return network\n")
    (kept,) = [c for c in report.checks if c.title == "batch_update_nn: network not mutated"]
    assert (kept.score, kept.max_score) == (0, 3)
    assert kept.message == ('holds, but earns its points only with correct values: '
                            '"all-ones fixture", "worked example (Mazur)", "hidden case '
                            '3-5-4-2" and "hidden case 4-8-3" failed')
    assert not kept.hint


def test_a_correct_update_keeps_the_points_of_not_mutating(graded):
    report = graded("correct_loops.py")
    (kept,) = [c for c in report.checks if c.title == "batch_update_nn: network not mutated"]
    assert (kept.score, kept.message) == (3, "")


def test_the_history_of_xor_is_replayed_even_when_the_separable_run_is_right():
    """A correct run on separable data, then XOR's history claimed as one epoch without a
    mistake: consistent, converged, and not what the perceptron rule gives."""
    check = next(c for c in get_suite("perceptron").question("train_perceptron").checks
                 if c.name.startswith("history"))
    trial = check.prepare(np.random.default_rng(0))
    namespace: dict = {}
    exec(compile(BASE.read_text(), str(BASE), "exec"), namespace)
    right, xor = (Reply.from_json(harness.make_call(json.loads(json.dumps(c.to_json(0))),
                                                    namespace)) for c in trial.calls)
    assert trial.judge(Evidence([right, xor])).passed
    limit = trial.calls[1].kwargs["max_epochs"]
    claimed = Reply(value=[[0.0, 0.0], 0.0, [[[0.0, 0.0], 0.0, 0.0]], 1.0])
    verdict = trial.judge(Evidence([right, claimed]))
    assert verdict.message == (f"on 4 samples with max_epochs={limit}: epoch 1 does not "
                               "follow the perceptron rule from zero: after it the bias b is "
                               "-1 by the rule, 0 in your history")
