"""The training assignment graded end to end, as instructors and students meet it.

The reference scores 100 and the released notebook 0 through the `autograder` command;
each correct variant in tests/training/ scores 100 with no hint; each mistake of the
catalog, appended to a correct variant, loses points on its own question and is named
by its hint; fresh draws never change a score; `autograder batch` writes a gradebook and
feedback pages for this assignment as for any other.
"""

import csv
import json
import re
import runpy
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from autograder.checks import Hidden
from autograder.cli import main
from autograder.diagnosis import load_catalog
from autograder.release import student_notebook
from autograder.suites import get_suite
from tests.conftest import TRUSTED_FLAGS, trusted_grader

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "solutions" / "training" / "training.ipynb"
STUDENT = ROOT / "assignments" / "training" / "training.ipynb"
CATALOG = ROOT / "solutions" / "training" / "mistakes"
CORPUS = ROOT / "tests" / "training"
BASE = CORPUS / "correct_alternative.py"  # the variant the catalog's mistakes go into
CORRECT = sorted(CORPUS.glob("correct_*"))
MISTAKES = sorted(CATALOG.glob("*.py"))
SUITE = get_suite("training")
SEED = 20261123
SCRIPT = Path(sys.executable).with_name("autograder")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "autograder"]
REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def autograder(*args):
    return subprocess.run([*COMMAND, *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def question_of(function):
    """The question that grades a function: delta_mse is graded under mse, relu_prime
    under relu, as the notebook pairs them."""
    return function.removeprefix("delta_").removesuffix("_prime")


def allowed_losses(question):
    """A mistake may cost its own question and the questions that call its function."""
    return {question} | {q.name for q in SUITE.questions if question in q.depends_on}


@pytest.fixture(scope="module")
def grader():
    return trusted_grader(SUITE, reference=SOURCE, seed=SEED)


@pytest.fixture(scope="module")
def graded(grader, tmp_path_factory):
    """The report of a corpus file, or of a mistake put into the base variant, graded once."""
    folder = tmp_path_factory.mktemp("training")
    reports = {}

    def report(path):
        if path not in reports:
            if path.parent == CATALOG:
                submission = folder / path.name
                submission.write_text(BASE.read_text() + "\n\n" + path.read_text())
                reports[path] = grader.grade(submission)
            else:
                reports[path] = grader.grade(path)
        return reports[path]

    return report


# The command, as a user runs it.

@pytest.fixture(scope="module")
def reference_json():
    return autograder("grade", SOURCE.relative_to(ROOT), "--format", "json", *TRUSTED_FLAGS)


def test_the_reference_scores_100_through_the_command(reference_json):
    assert reference_json.returncode == 0, reference_json.stderr
    results = json.loads(reference_json.stdout)
    assert (results["score"], results["max_score"]) == (100, 100)
    assert {t["status"] for t in results["tests"]} == {"passed"}
    named = {t["name"].partition(": ")[0] for t in results["tests"]}
    assert named == {q.name for q in SUITE.questions}


def test_the_released_notebook_scores_0_and_says_what_is_not_written_yet():
    run = autograder("grade", STUDENT.relative_to(ROOT), "--format", "json", *TRUSTED_FLAGS)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert (results["score"], results["max_score"]) == (0, 100)
    assert {t["status"] for t in results["tests"]} == {"failed"}
    for question in SUITE.questions:
        outputs = [t["output"] for t in results["tests"]
                   if t["name"].startswith(f"{question.name}: ")]
        assert any("not implemented yet" in output for output in outputs), question.name


def test_the_student_notebook_is_the_release_of_the_source_and_hides_the_solutions():
    assert student_notebook(SOURCE) == nbformat.read(STUDENT, as_version=4), (
        "assignments/training is stale: run `autograder release` and commit the result")
    solution = {line.strip() for cell in nbformat.read(SOURCE, as_version=4).cells
                for region in REGION.findall(cell.source) for line in region.splitlines()
                if line.strip()}
    shown = {line.strip() for cell in nbformat.read(STUDENT, as_version=4).cells
             for line in cell.source.splitlines()}
    assert len(solution) > 100
    assert not solution & shown


def test_each_questions_self_check_cell_is_worth_its_points():
    """nbgrader's points per grade cell are the suite's, so both grade alike."""
    cells = {c.source.split("check(")[1].split(",")[0]: c.metadata["nbgrader"]["points"]
             for c in nbformat.read(SOURCE, as_version=4).cells
             if "self-check" in c.metadata.get("tags", ())}
    assert cells == {q.name: q.points for q in SUITE.questions}


# Correct variants and the catalog of mistakes.

@pytest.mark.parametrize("path", CORRECT, ids=[p.name for p in CORRECT])
def test_a_correct_variant_scores_100_without_a_hint(graded, path):
    report = graded(path)
    assert report.loaded
    assert {c.title: c.message for c in report.checks if not c.passed} == {}
    assert (report.score, report.max_score) == (100, 100)
    assert [c.hint for c in report.checks if c.hint] == []


def test_there_are_five_correct_variants_and_a_catalog_for_every_question():
    assert len(CORRECT) >= 5
    functions = {mistake.function for mistake in load_catalog(CATALOG)}
    assert len(MISTAKES) >= 15
    assert {question_of(f) for f in functions} == {q.name for q in SUITE.questions}


@pytest.mark.parametrize("path", MISTAKES, ids=[p.stem for p in MISTAKES])
def test_a_mistake_is_caught_on_its_question_and_named_by_its_hint(graded, path):
    entry = runpy.run_path(str(path))
    question = question_of(entry["FUNCTION"])
    report = graded(path)
    lost = {q.name for q in report.questions if q.score < q.max_score}
    assert question in lost
    assert lost <= allowed_losses(question), {c.title: c.message for c in report.checks
                                              if not c.passed}
    failed = [c for c in report.checks if c.question == question and not c.passed]
    assert all(c.message.strip() for c in failed)
    assert entry["HINT"] in {c.hint for c in failed}


# Fresh draws.

def test_twenty_fresh_draws_give_one_score_each(tmp_path):
    """Hidden cases, dropout's seeds and optimizer runs are drawn anew for every grading:
    a correct float32 solution keeps 100 and a mistake loses the same points each time."""
    buggy = tmp_path / "buggy.py"
    buggy.write_text(BASE.read_text() + "\n\n" + (CATALOG / "dropout_not_rescaled.py").read_text())
    suite = SUITE.only([q.name for q in SUITE.questions if q.name != "fit_pima"])

    def scores(_):
        grader = trusted_grader(suite, reference=SOURCE)  # no seed: a fresh draw
        return grader.grade(CORPUS / "correct_float32.py").score, grader.grade(buggy).score

    with ThreadPoolExecutor(2) as pool:  # the children do the work; two at a time
        assert set(pool.map(scores, range(20))) == {(suite.points, suite.points - 4)}


@pytest.mark.parametrize("seed", [1033, 1219, 1401, 1453])
def test_a_correct_float32_solution_keeps_full_marks_where_its_sums_cancel(seed):
    """Draws on which float32's bias gradients and optimizer states came out near 0 and lost
    their last digits to cancellation (Adam, momentum twice, backward): full marks."""
    suite = SUITE.only([q.name for q in SUITE.questions if q.name != "fit_pima"])
    report = trusted_grader(suite, reference=SOURCE, seed=seed).grade(CORPUS / "correct_float32.py")
    assert {c.title: c.message for c in report.checks if not c.passed} == {}
    assert report.score == suite.points


@pytest.mark.parametrize("seed", [1094, 1311, 1468])
def test_a_correct_float32_fit_pima_keeps_full_marks_where_a_bias_ends_near_0(seed):
    """Draws on which float32's trained b2 ended near 0, as accurate as the weights beside
    it and no more: full marks on fit_pima's hidden case."""
    fit = next(q for q in SUITE.questions if q.name == "fit_pima")
    hidden = replace(fit, checks=tuple(c for c in fit.checks if isinstance(c, Hidden)))
    suite = replace(SUITE, questions=(hidden,))
    report = trusted_grader(suite, reference=SOURCE, seed=seed).grade(CORPUS / "correct_float32.py")
    assert [c.title for c in report.checks] == ["fit_pima: hidden case: at most 8 epochs on a "
                                                "small noisy problem"]
    assert {c.title: c.message for c in report.checks if not c.passed} == {}


# A class, unchanged commands.

def test_batch_grades_a_class_with_a_gradebook_and_feedback_pages(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CORPUS / "correct_loops.py", folder / "ana.py")
    (folder / "ben.py").write_text(BASE.read_text() + "\n\n"
                                   + (CATALOG / "adam_no_bias_correction.py").read_text())
    shutil.copy(STUDENT, folder / "cleo.ipynb")
    out = tmp_path / "out"
    code = main(["batch", str(folder), "--assignment", "training", "--out", str(out),
                 "--course", str(ROOT), "--seed", "3", "--quiet", "--jobs", "2", "--feedback",
                 *TRUSTED_FLAGS])
    assert code == 0
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as source:
        rows = {row["student"]: row for row in csv.DictReader(source)}
    assert sorted(rows) == ["ana", "ben", "cleo"]
    assert [rows[s]["total"] for s in ("ana", "ben", "cleo")] == ["100", "94", "0"]
    assert rows["ben"]["adam_step"] == "0" and rows["ben"]["dropout"] == "4"
    hint = runpy.run_path(str(CATALOG / "adam_no_bias_correction.py"))["HINT"]
    page = (out / "feedback" / "ben.html").read_text(encoding="utf-8")
    assert ">94/100<" in page and hint.split(":")[0] in page
    assert "<h2>Training with your fit_pima</h2>" in (out / "feedback" / "ana.html").read_text(
        encoding="utf-8")
    assert "not implemented yet" in (out / "feedback" / "cleo.html").read_text(encoding="utf-8")


# Odd answers: every one is explained, none crashes the grading.

ODD_ANSWERS = {"a number": "1.0", "ragged lists": "[[1.0, 2.0], [3.0]]", "None": "None",
               "infinities": "([[float('inf')]],) * 4 + ([float('inf')], [float('nan')])",
               "its first argument": "args[0]"}


@pytest.mark.parametrize("answer", ODD_ANSWERS)
def test_functions_that_return_odd_values_score_0_with_reasons(grader, tmp_path, answer):
    functions = {name for q in SUITE.questions for c in q.checks
                 for name in ([case.call.function for case in getattr(c, "cases", ())]
                              or [q.name])}
    functions |= {"sigmoid_prime", "tanh_prime", "relu_prime", "leaky_relu_prime"}
    path = tmp_path / "odd.py"
    path.write_text("".join(f"def {name}(*args, **kwargs):\n    return {ODD_ANSWERS[answer]}\n\n"
                            for name in sorted(functions)))
    report = grader.grade(path)
    assert report.loaded and report.problems == []
    assert report.score == 0
    assert all(c.message.strip() for c in report.checks)
