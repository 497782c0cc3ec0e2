"""The `autograder` command as a user runs it: exit codes, Gradescope JSON, text reports."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.suites import get_suite
from tests.conftest import TRUSTED_FLAGS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("autograder")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "autograder"]
FUNCTIONS = {q.name for q in get_suite("backprop").questions}


def autograder(*args, cwd=ROOT):
    return subprocess.run([*COMMAND, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def reference_json():
    return autograder("grade", "solutions/backprop/backprop.ipynb", "--format", "json",
                      *TRUSTED_FLAGS)


def test_grade_reference_as_gradescope_json(reference_json):
    assert reference_json.returncode == 0, reference_json.stderr
    results = json.loads(reference_json.stdout)
    assert {"score", "max_score", "execution_time", "output", "tests"} <= set(results)
    assert (results["score"], results["max_score"]) == (100, 100)
    assert isinstance(results["execution_time"], (int, float))


def test_gradescope_tests_are_named_by_function(reference_json):
    tests = json.loads(reference_json.stdout)["tests"]
    assert tests
    for test in tests:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test)
        function, _, check = test["name"].partition(": ")
        assert function in FUNCTIONS and check, test["name"]
        assert test["status"] == "passed"
        assert test["score"] == test["max_score"]
    assert sum(test["max_score"] for test in tests) == 100
    assert {test["name"].partition(":")[0] for test in tests} == FUNCTIONS


def test_grade_student_notebook_scores_zero(student_notebook):
    run = autograder("grade", student_notebook, "--format", "json", *TRUSTED_FLAGS)
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert (results["score"], results["max_score"]) == (0, 100)
    assert all(test["status"] == "failed" and test["output"] for test in results["tests"])


def test_check_correct_submission(reference_results):
    run = autograder("check", "tests/submissions/correct_loops.py", "--results", reference_results)
    assert run.returncode == 0, run.stdout + run.stderr
    checks = [line for line in run.stdout.splitlines() if re.match(r"\s*(PASS|FAIL) ", line)]
    assert checks and all(line.strip().startswith("PASS") for line in checks)
    assert not any("hidden" in line for line in checks)
    assert re.search(r"^score: (\d+)/\1 ", run.stdout, re.MULTILINE)


def test_check_buggy_submission_fails(reference_results):
    run = autograder("check", "tests/submissions/output_delta_sign.py",
                     "--results", reference_results)
    assert run.returncode == 1
    assert "FAIL worked example (Mazur)" in run.stdout


def test_grade_missing_file(tmp_path):
    missing = tmp_path / "nowhere.ipynb"
    run = autograder("grade", missing)
    assert run.returncode == 3
    assert run.stderr.splitlines() == [f"autograder: no such file: {missing}"]


def test_grade_without_the_reference(tmp_path):
    run = autograder("grade", ROOT / "tests/submissions/correct_loops.py", "--course", tmp_path,
                     cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith("autograder: grading with hidden cases needs the reference ")


def test_demo():
    run = autograder("demo")
    assert run.returncode == 0, run.stderr
    assert re.search(r"^score: \d+(\.\d+)?/100 ", run.stdout, re.MULTILINE), run.stdout
    # the bundled submission is there and is graded, not reported as unreadable
    assert "no such file" not in run.stdout + run.stderr


def test_release_without_nbgrader_names_the_extra(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "nbgrader", None)
    monkeypatch.setitem(sys.modules, "nbgrader.preprocessors", None)
    monkeypatch.delitem(sys.modules, "autograder.release", raising=False)
    (tmp_path / "solutions").mkdir()
    assert main(["release", "--course", str(tmp_path)]) == 2
    assert "pip install 'backprop-lab[instructor]'" in capsys.readouterr().err


@pytest.mark.parametrize("name, assignment", [
    ("backprop.ipynb", "backprop"),
    ("doejane_late_1234_5678_backprop.ipynb", "backprop"),
    ("submission.ipynb", "backprop"),
])
def test_the_assignment_is_named_by_the_file(name, assignment):
    from autograder.suites import assignment_of

    assert assignment_of(Path(name)) == assignment


def test_an_unknown_assignment_lists_the_ones_there_are(capsys):
    assert main(["check", "tests/submissions/correct_loops.py", "--assignment", "nope"]) == 2
    error = capsys.readouterr().err
    assert "no assignment 'nope'; there are: " in error and "backprop" in error


def test_execution_time_is_the_whole_grading_with_the_reference(monkeypatch, tmp_path):
    """The reference's answers are computed before the submission runs: they count."""
    import time

    from autograder.pipeline import Grader

    made = Grader.__init__

    def slow(self, *args, **kwargs):
        time.sleep(0.5)  # as a reference that takes its time to answer the hidden calls
        made(self, *args, **kwargs)

    monkeypatch.setattr(Grader, "__init__", slow)
    output = tmp_path / "results.json"
    assert main(["grade", "tests/submissions/correct_loops.py", "--results",
                 "solutions/backprop/results.txt", "--format", "json", "--output", str(output),
                 "--course", str(ROOT), *TRUSTED_FLAGS]) == 0
    assert json.loads(output.read_text())["execution_time"] >= 0.5
