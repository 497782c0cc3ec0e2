"""A random generator crosses to the child as its seed: the child, the reference and the
catalog's mistakes all draw the same numbers from it."""

import numpy as np

from autograder.load import Cell
from autograder.run import harness
from autograder.run.child import run
from autograder.run.protocol import Call, generator

DRAWS = Cell(1, "def draws(n, rng):\n    return rng.random(n)\n")


def test_the_child_turns_a_seed_into_numpys_default_generator():
    outcome = run([DRAWS], [Call("draws", (4, generator(7))), Call("draws", (4, generator(7))),
                            Call("draws", (4, generator(8)))])
    first, again, other = (reply.value for reply in outcome.replies)
    assert first == np.random.default_rng(7).random(4).tolist()
    assert again == first
    assert other != first


def test_the_grader_process_decodes_it_the_same_way():
    """Diagnosis replays a mistake in the grader with harness.make_call: same numbers."""
    namespace = {}
    exec(DRAWS.source, namespace)
    reply = harness.make_call(Call("draws", (3, generator(7))).to_json(0), namespace)
    assert reply["value"] == np.random.default_rng(7).random(3).tolist()


def test_only_an_integer_seed_makes_a_generator():
    """Anything else stays plain data: a dict a student's function is given as it is."""
    assert harness.decode({"$generator": "7"}) == {"$generator": "7"}
    assert harness.decode({"$generator": 7.5}) == {"$generator": 7.5}
