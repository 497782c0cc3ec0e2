"""The perceptron assignment end to end: the reference scores 100 and the blank notebook 0
through the command; every correct variant scores 100; every known mistake is caught on
its own question and named by its hint; check and batch work on it."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.suites import assignment_of, get_suite
from tests.conftest import TRUSTED_FLAGS, trusted_grader
from tests.perceptron.helpers import (
    CORRECT,
    MISTAKES,
    ROOT,
    SEED,
    SOURCE,
    STUDENT,
    autograder,
    entry,
    with_mistake,
)

SUITE = get_suite("perceptron")
FUNCTIONS = [q.name for q in SUITE.questions]


@pytest.fixture(scope="module")
def grader():
    """One draw and one run of the reference for every submission of the module."""
    return trusted_grader(SUITE, reference=SOURCE, seed=SEED)


@pytest.fixture(scope="module")
def graded(grader, tmp_path_factory):
    """The report of a corpus file or catalog entry, graded once."""
    folder = tmp_path_factory.mktemp("perceptron")
    reports = {}

    def report(path):
        if path not in reports:
            submission = with_mistake(path, folder) if path.parent.name == "mistakes" else path
            reports[path] = grader.grade(submission)
        return reports[path]

    return report


def test_the_suite_is_worth_100_and_leans_on_hidden_cases_and_training():
    assert SUITE.points == 100
    assert [q.name for q in SUITE.questions] == [
        "threshold", "threshold_neuron", "sigmoid_neuron", "gate_weights", "gate_network",
        "perceptron_update", "train_perceptron"]
    examples = sum(c.points for q in SUITE.questions for c in q.checks
                   if type(c).__name__ in ("Example", "TraceExample"))
    assert examples <= 20  # published numbers alone earn little


@pytest.mark.parametrize("name", ["perceptron.ipynb", "doejane_late_1234_5678_perceptron.ipynb",
                                  "perceptron.py"])
def test_the_file_name_names_the_assignment(name):
    assert assignment_of(ROOT / name) == "perceptron"


def test_grade_reference_scores_100():
    run = autograder("grade", SOURCE.relative_to(ROOT), "--format", "json", *TRUSTED_FLAGS)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert (results["score"], results["max_score"]) == (100, 100)
    assert {t["name"].partition(": ")[0] for t in results["tests"]} == set(FUNCTIONS)
    assert all(t["status"] == "passed" for t in results["tests"])


def test_grade_blank_student_notebook_scores_zero():
    run = autograder("grade", STUDENT.relative_to(ROOT), "--format", "json", *TRUSTED_FLAGS)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert (results["score"], results["max_score"]) == (0, 100)
    for test in results["tests"]:
        assert test["status"] == "failed"
        assert "NotImplementedError" in test["output"], test


@pytest.mark.parametrize("path", CORRECT, ids=[p.stem for p in CORRECT])
def test_correct_variant_scores_100(graded, path):
    report = graded(path)
    assert {c.title: c.message for c in report.checks if not c.passed} == {}
    assert (report.score, report.max_score) == (100, 100)
    assert report.problems == []
    assert [c.hint for c in report.checks if c.hint] == []


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_correct_numpy_variant_scores_100_on_any_draw(seed):
    """Fresh random data on every draw: a correct solution written with numpy's dot product,
    which sums in another order than a loop, never meets a tie the reference breaks otherwise."""
    report = trusted_grader(SUITE, reference=SOURCE, seed=seed).grade(
        ROOT / "tests" / "perceptron" / "correct_numpy.py")
    assert {c.title: c.message for c in report.checks if not c.passed} == {}


@pytest.mark.parametrize("seed", range(23))
def test_a_float32_solution_scores_100_on_any_draw_and_is_told_no_mistake(seed):
    """Single precision, mixed with float64 where numpy promotes, as a student writes it:
    its traces drift by rounding, and an activation at 0 in float32 is 2e-8 in float64."""
    report = trusted_grader(SUITE, reference=SOURCE, seed=seed).grade(
        ROOT / "tests" / "perceptron" / "correct_float32.py")
    assert {c.title: c.message for c in report.checks if not c.passed} == {}
    assert [c.hint for c in report.checks if c.hint] == []


def test_the_catalog_covers_every_function():
    functions = {entry(path)[0] for path in MISTAKES}
    assert len(MISTAKES) >= 10
    assert functions == set(FUNCTIONS)


@pytest.mark.parametrize("path", MISTAKES, ids=[p.stem for p in MISTAKES])
def test_mistake_is_caught_on_its_question_and_named_by_its_hint(graded, path):
    function, hint = entry(path)
    report = graded(path)
    allowed = {function} | {q.name for q in SUITE.questions if function in q.depends_on}
    lost = {q.name for q in report.questions if q.score < q.max_score}
    assert function in lost
    assert lost <= allowed, {c.title: c.message for c in report.checks if not c.passed}
    failed = [c for c in report.checks if c.question == function and not c.passed]
    assert all(c.message.strip() for c in failed)
    assert hint in {c.hint for c in failed}


def test_the_hint_is_in_the_text_report(tmp_path):
    submission = with_mistake(ROOT / "solutions/perceptron/mistakes/update_sign.py", tmp_path)
    run = autograder("grade", submission, "--assignment", "perceptron", "--seed", SEED,
                     *TRUSTED_FLAGS)
    assert run.returncode == 0, run.stderr
    assert "FAIL the delta rule's three cases (0/3)" in run.stdout
    assert "hint: the correction goes the wrong way" in run.stdout


def test_check_passes_a_correct_submission():
    run = autograder("check", "tests/perceptron/correct_loops.py", "--assignment", "perceptron")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = [line.strip() for line in run.stdout.splitlines()
             if re.match(r"\s*(PASS|FAIL) ", line)]
    assert lines and all(line.startswith("PASS") for line in lines)
    assert not any("hidden" in line for line in lines)
    assert re.search(r"^score: 68/68 ", run.stdout, re.MULTILINE)


def test_check_fails_a_wrong_submission_without_hidden_cases(tmp_path):
    submission = with_mistake(ROOT / "solutions/perceptron/mistakes/train_no_final_epoch.py",
                              tmp_path)
    named = submission.rename(tmp_path / "perceptron.py")  # the name picks the assignment
    run = autograder("check", named)
    assert run.returncode == 1
    assert "FAIL the lecture's AND trace (0/6)" in run.stdout
    assert "the history has 5 epochs, expected 6" in run.stdout


def test_check_one_question_of_the_blank_notebook():
    run = autograder("check", STUDENT.relative_to(ROOT), "--question", "gate_weights")
    assert run.returncode == 1
    assert "gate_weights: 0/8" in run.stdout
    assert "train_perceptron" not in run.stdout


def test_batch_grades_a_small_class(tmp_path):
    inputs = tmp_path / "submissions"
    inputs.mkdir()
    shutil.copy(ROOT / "tests/perceptron/correct_numpy.py", inputs / "alice.py")
    shutil.copy(with_mistake(ROOT / "solutions/perceptron/mistakes/update_bias_fixed.py",
                             tmp_path), inputs / "bob.py")
    shutil.copy(STUDENT, inputs / "carol.ipynb")
    out = tmp_path / "out"
    run = autograder("batch", inputs, "--assignment", "perceptron", "--out", out, "--jobs", "2",
                     "--seed", SEED, "--quiet", *TRUSTED_FLAGS)
    assert run.returncode == 0, run.stderr
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"alice", "bob", "carol"}
    assert set(FUNCTIONS) <= set(rows["alice"])
    assert float(rows["alice"]["total"]) == 100
    assert float(rows["carol"]["total"]) == 0
    assert float(rows["bob"]["perceptron_update"]) < 18
    assert float(rows["bob"]["gate_network"]) == 10
    assert "the bias learns too" in (out / "summary.html").read_text(encoding="utf-8")


@pytest.mark.needs("sandbox")  # Gradescope grades as students are graded
def test_gradescope_bundle_grades_a_perceptron_submission(tmp_path):
    """The bundle of the perceptron, unpacked as Gradescope does: it holds its own solutions
    only, asks for the notebook alone, and grades a student's notebook."""
    from autograder.bundle import build

    bundle = build(ROOT, tmp_path / "autograder.zip", "perceptron")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        for info in archive.infolist():
            extracted = Path(archive.extract(info, tmp_path / "root" / "source"))
            extracted.chmod(info.external_attr >> 16 & 0o777)
    assert "solutions/perceptron/perceptron.ipynb" in names
    assert not any(name.startswith("solutions/backprop") for name in names)
    root = tmp_path / "root"
    (root / "submission").mkdir()
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable,
           "AUTOGRADER_SEED": str(SEED)}

    def run_autograder() -> dict:
        run = subprocess.run([str(root / "source" / "run_autograder")], env=env,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        return json.loads((root / "results" / "results.json").read_text())

    assert run_autograder()["output"] == ("no notebook found in your submission; "
                                          "submit perceptron.ipynb")
    shutil.copy(SOURCE, root / "submission" / "perceptron.ipynb")
    results = run_autograder()
    assert (results["score"], sum(t["max_score"] for t in results["tests"])) == (100, 100)
