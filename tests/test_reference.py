"""The reference answers hidden calls in the grader's process, as a child would, and its
failures stop grading with the course's message, not a student's."""

import pytest

from autograder.errors import ReferenceFailed
from autograder.load import Cell
from autograder.reference import answers
from autograder.run.protocol import Call

SQUARES = Cell(1, "def square(xs):\n    print('squaring')\n    xs.append(0.0)\n"
                  "    return [x * x for x in xs]\n")


def test_answers_have_the_form_of_a_child_reply_and_leave_the_call_alone(capsys):
    call = Call("square", ([1.0, 2.0],))
    (reply,) = answers([SQUARES], [call])
    assert reply.ok and reply.value == [1.0, 4.0, 0.0]
    assert call.args == ([1.0, 2.0],)  # the submission is sent the same arguments
    assert capsys.readouterr().out == ""  # the grader's stdout may be a results.json


def test_a_reference_cell_that_raises_stops_grading_with_its_reason():
    with pytest.raises(ReferenceFailed, match="code cell 2 of the reference raised "
                                              "ValueError: no data"):
        answers([SQUARES, Cell(2, "raise ValueError('no data')")], [])


def test_ctrl_c_while_the_reference_runs_is_not_taken_for_its_failure():
    with pytest.raises(KeyboardInterrupt):
        answers([Cell(1, "raise KeyboardInterrupt")], [])
