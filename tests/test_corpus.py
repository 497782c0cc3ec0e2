"""The corpus: the reference and correct submissions score full marks, each mistake is caught."""

import pytest
from corpus import CORRECT, MISTAKES

from autograder.suites import get_suite
from tests.conftest import SUBMISSIONS, trusted_grader

SUITE = get_suite("backprop")


def failing(report, question):
    return [c for c in report.checks if c.question == question and not c.passed]


def lost_points(report):
    return {q.name: q.max_score - q.score for q in report.questions if q.score < q.max_score}


def test_reference_scores_full_marks(grader, reference):
    report = grader.grade(reference)
    assert (report.score, report.max_score) == (100, 100)
    assert report.problems == []
    assert lost_points(report) == {}


@pytest.mark.parametrize("name", CORRECT)
def test_correct_submission_scores_full_marks(graded, name):
    report = graded(name)
    assert report.loaded
    failures = {c.title: c.message for c in report.checks if not c.passed}
    assert failures == {}
    assert (report.score, report.max_score) == (100, 100)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 109, 216])
def test_single_precision_scores_full_marks_on_any_draw(suite, reference, reference_results,
                                                        seed):
    """float32 arithmetic is as correct as float64 in this course: its rounding must never
    cost a point, whatever hidden cases are drawn (seed 1 drew a near-cancelling delta,
    109 an output a within 3e-4 of its target y, 216 a hidden node near saturation)."""
    report = trusted_grader(suite, reference, seed).grade(SUBMISSIONS / "correct_float32.py",
                                                  reference_results)
    assert {c.title: c.message for c in report.checks if not c.passed} == {}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_mistake_loses_points_on_its_own_question(graded, name):
    question, description = MISTAKES[name]
    report = graded(name)
    assert report.loaded
    failures = failing(report, question)
    assert failures, f"{name} ({description}) passes every check of {question}"
    assert all(c.message.strip() for c in failures)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_mistake_costs_nothing_elsewhere(graded, name):
    """Only the broken function and the functions declared to call it may lose points."""
    question, _ = MISTAKES[name]
    allowed = {question} | {q.name for q in SUITE.questions if question in q.depends_on}
    report = graded(name)
    elsewhere = {c.title: c.message for c in report.checks
                 if c.question not in allowed and not c.passed}
    assert elsewhere == {}


def test_student_notebook_scores_zero(student_report):
    assert student_report.loaded
    assert (student_report.score, student_report.max_score) == (0, 100)
    # its cells only define functions that raise NotImplementedError: no cell fails
    assert student_report.problems == []


@pytest.mark.parametrize("question", [q.name for q in SUITE.questions])
def test_student_notebook_explains_every_question(student_report, question):
    messages = [c.message for c in failing(student_report, question)]
    assert messages and all(m.strip() for m in messages)
    if question != "results.txt":
        assert any(question in m and "NotImplementedError" in m for m in messages)
