"""Hidden cases cross to the child as numbers that single precision holds exactly."""

import math

import numpy as np

from autograder.checks import Hidden
from autograder.compare import NUMBER
from autograder.run.protocol import Call, counter


def draw(rng):
    return [Call("f", ([0.1, rng.uniform(0, 1), 3, True, math.nan, 1e300],),
                 {"eta": 0.7, "initialize_fn": counter(0.3, 0.01)})]


def test_drawn_floats_are_sent_as_float32_holds_them_and_the_rest_as_drawn():
    call, = Hidden("h", 1, draw, NUMBER, "a draw").prepare(np.random.default_rng(0)).calls
    values, = call.args
    assert values[0] == float(np.float32(0.1)) != 0.1
    assert float(np.float32(values[1])) == values[1]
    assert values[2:4] == [3, True] and type(values[2]) is int and type(values[3]) is bool
    assert math.isnan(values[4]) and values[5] == 1e300  # beyond float32: left as it is
    assert call.kwargs["eta"] == float(np.float32(0.7))
    assert call.kwargs["initialize_fn"]["start"] == float(np.float32(0.3))
    assert call.kwargs["initialize_fn"]["$callable"] == "counter"
