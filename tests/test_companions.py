"""Submissions of several files, as students hand them in: a helper module beside the main
file, data files the code opens, last year's signature, a free-text results.txt. Only what
the code imports or names is taken, and only from the student's own folder."""

from __future__ import annotations

import csv
import os
import shutil

import pytest

from autograder.checks.training import RESULTS_FORMAT
from autograder.cli import main
from autograder.companions import companions
from autograder.pipeline import Grader
from autograder.report import text
from autograder.run.sandbox import choose
from tests.conftest import REFERENCE, REFERENCE_RESULTS, ROOT, SEED, SUBMISSIONS, TRUSTED_FLAGS

REAL = ROOT / "tests" / "realistic" / "with_helper"
SIGNATURES = ("the assignment's function is sgd_nn(x, y, theta0, eta=0.1, n_epochs=1000, "
              "shuffle=True, seed=None), yours is sgd_nn(x, y, theta_0, alpha_0, iterations)")
DELTAS_HINT = "the bias weight enters your back-propagated sum"


def question(report, name):
    (found,) = [q for q in report.questions if q.name == name]
    return found


@pytest.fixture(scope="module")
def real(grader):
    return grader.grade(REAL / "backprop.py")


def test_the_helper_module_beside_the_file_is_imported_and_named(real):
    assert real.files == ["randomness.py"]
    assert "with the student's own files: randomness.py" in text.render(real).splitlines()[1]
    assert not [p for p in real.problems if "randomness" in p]


def test_what_is_right_gets_full_marks(real):
    for name in ("sigmoid", "initialize_weights", "feedforward_", "feedforward",
                 "multi_accuracy"):
        graded = question(real, name)
        assert graded.score == graded.max_score, (name, [c.message for c in graded.checks])


def test_both_bugs_lose_points_on_their_own_questions(real):
    deltas, update = question(real, "calculate_deltas"), question(real, "batch_update_nn")
    assert deltas.score == 0 < deltas.max_score
    assert all(DELTAS_HINT in c.hint for c in deltas.checks if not c.passed)
    assert update.score < update.max_score
    # the skipped last weight is located: the first differing number is a last weight
    (mazur,) = [c for c in update.checks if c.name == "worked example (Mazur)"]
    assert "first at network[0][0][2] (weight w_2 of node 1)" in mazur.message


def test_a_signature_of_its_own_is_told_with_the_expected_one_and_no_dependency_note(real):
    sgd = question(real, "sgd_nn")
    assert sgd.score == 0
    assert all(SIGNATURES in c.message for c in sgd.checks if not c.passed), [
        c.message for c in sgd.checks]
    assert sgd.note == ""  # calculate_deltas fails, but it is not why sgd_nn does


def test_a_free_text_results_txt_is_shown_the_format(real):
    results = question(real, "results.txt")
    assert results.score == 0
    assert all(c.message.startswith("results.txt is not JSON (")
               and c.message.endswith(RESULTS_FORMAT) for c in results.checks)


def test_without_the_helper_the_import_names_the_missing_file(grader, tmp_path):
    shutil.copy(REAL / "backprop.py", tmp_path)
    report = grader.grade(tmp_path / "backprop.py", results=REFERENCE_RESULTS)
    assert report.files == []
    assert report.problems[0].startswith(
        "code cell 1 raised ModuleNotFoundError: No module named 'randomness' "
        "(no randomness.py was handed in with the submission)")
    assert all(q.note == "" for q in report.questions)  # nothing is defined: no note


def test_a_helper_that_links_out_of_the_folder_is_not_read(grader, tmp_path):
    secret = tmp_path / "elsewhere" / "randomness.py"
    secret.parent.mkdir()
    shutil.copy(REAL / "randomness.py", secret)
    student = tmp_path / "student"
    student.mkdir()
    shutil.copy(REAL / "backprop.py", student)
    (student / "randomness.py").symlink_to(secret)
    report = grader.grade(student / "backprop.py", results=REFERENCE_RESULTS)
    assert report.files == []
    assert ("(randomness.py was handed in but not used: randomness.py is a link to a file "
            "outside the submission)") in report.problems[0]


SIGMOID_FROM_DATA = '''
import json
import math

with open("scale.json") as source:
    SCALE = json.load(source)["scale"]


def sigmoid(x):
    if isinstance(x, list):
        return [sigmoid(v) for v in x]
    return 1 / (1 + math.exp(-SCALE * max(-700, min(700, x))))
'''


def test_a_data_file_the_code_names_is_beside_it(grader, tmp_path):
    (tmp_path / "mine.py").write_text(SIGMOID_FROM_DATA)
    (tmp_path / "scale.json").write_text('{"scale": 1.0}')
    (tmp_path / "unrelated.csv").write_text("not asked for\n")
    report = grader.grade(tmp_path / "mine.py", results=REFERENCE_RESULTS)
    assert report.files == ["scale.json"]
    sigmoid = question(report, "sigmoid")
    assert sigmoid.score == sigmoid.max_score, [c.message for c in sigmoid.checks]


def test_a_named_pipe_named_by_the_code_is_refused_not_waited_on(grader, tmp_path):
    (tmp_path / "mine.py").write_text(SIGMOID_FROM_DATA)
    os.mkfifo(tmp_path / "scale.json")
    report = grader.grade(tmp_path / "mine.py", results=REFERENCE_RESULTS)
    assert report.files == []
    assert "scale.json was handed in but not used: scale.json is not a regular file" in \
        report.problems
    assert "FileNotFoundError" in report.problems[0]


def test_nothing_is_taken_from_a_hidden_folder(tmp_path):
    (tmp_path / "answers.py").write_text("x = 1\n")
    found = companions(["import answers\nopen('key.txt')"], tmp_path, hidden=(tmp_path,))
    assert found.files == {}
    assert found.refused == {"answers.py": "it is not the student's file"}  # key.txt: absent


def test_the_reference_beside_a_submission_is_never_taken(grader):
    """A submission graded where the course keeps its solutions cannot import them."""
    found = companions([f"import {REFERENCE.stem}\nopen('results.txt')"], REFERENCE.parent,
                       hidden=grader.sandbox.hide)
    assert found.files == {}
    assert set(found.refused) == {"results.txt"}  # the .ipynb is no module; results is hidden


def test_modules_the_helper_imports_come_too(grader, tmp_path):
    source = (SUBMISSIONS / "correct_loops.py").read_text()
    (tmp_path / "backprop.py").write_text("from first import *\n")
    (tmp_path / "first.py").write_text("from second import *\n")
    (tmp_path / "second.py").write_text(source)
    report = grader.grade(tmp_path / "backprop.py", results=REFERENCE_RESULTS)
    assert report.files == ["first.py", "second.py"]
    assert (report.score, report.max_score) == (100, 100)


def test_in_a_batch_a_students_folder_gives_the_helper_and_a_flat_folder_does_not(tmp_path):
    folders = tmp_path / "folders"
    for student in ("alice", "bob"):
        (folders / student).mkdir(parents=True)
        shutil.copy(REAL / "backprop.py", folders / student)
    shutil.copy(REAL / "randomness.py", folders / "alice")
    out = tmp_path / "out"
    assert main(["batch", str(folders), "--out", str(out), "--course", str(ROOT), "--seed",
                 "7", "--quiet", "--jobs", "1", *TRUSTED_FLAGS]) == 0
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as source:
        rows = {row["student"]: row for row in csv.DictReader(source)}
    assert rows["alice"]["initialize_weights"] == "8"
    assert rows["bob"]["initialize_weights"] == "0"
    assert "no randomness.py was handed in with the submission" in rows["bob"]["notes"]

    flat = tmp_path / "flat"
    flat.mkdir()
    shutil.copy(REAL / "backprop.py", flat / "carol.py")
    shutil.copy(REAL / "randomness.py", flat / "randomness.py")  # a "student" of its own
    assert main(["batch", str(flat), "--out", str(tmp_path / "out2"), "--course", str(ROOT),
                 "--seed", "7", "--quiet", "--jobs", "1", *TRUSTED_FLAGS]) == 0
    with open(tmp_path / "out2" / "gradebook.csv", newline="", encoding="utf-8") as source:
        rows = {row["student"]: row for row in csv.DictReader(source)}
    assert rows["carol"]["initialize_weights"] == "0"


@pytest.mark.needs("sandbox")
def test_in_the_sandbox_the_helper_is_importable(suite):
    report = Grader(suite, reference=REFERENCE, seed=SEED, sandbox=choose()).grade(
        REAL / "backprop.py")
    assert report.files == ["randomness.py"]
    assert question(report, "initialize_weights").score == 8
    assert report.sandbox == choose().name != "none"
