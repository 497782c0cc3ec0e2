"""GitHub Classroom: the student template's workflow runs the public checks per question,
and what students install holds no solution."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from autograder.release import workflow
from autograder.suites import get_suite
from tests.conftest import REFERENCE, REFERENCE_RESULTS, ROOT

WORKFLOW = ROOT / "assignments" / "backprop" / ".github" / "workflows" / "classroom.yml"
AUTOGRADER = str(Path(sys.executable).with_name("autograder"))


def grading_steps(text):
    steps = yaml.safe_load(text)["jobs"]["run-autograding-tests"]["steps"]
    return [s for s in steps if s.get("uses", "").startswith(
        "classroom-resources/autograding-command-grader")]


def run_test(step, folder):
    command = step["with"]["command"].replace("autograder", AUTOGRADER, 1).split()
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)


def test_the_committed_workflow_is_the_release_of_the_suite():
    assert WORKFLOW.read_text(encoding="utf-8") == workflow("backprop", "backprop.ipynb"), (
        "the workflow is stale: run `autograder release` and commit the result")


def test_each_question_is_a_test_worth_its_public_points():
    tests = grading_steps(WORKFLOW.read_text(encoding="utf-8"))
    public = get_suite("backprop").public_points
    assert {t["with"]["test-name"]: float(t["with"]["max-score"]) for t in tests} == public
    assert len({t["id"] for t in tests}) == len(tests)  # the reporter tells them apart
    reporter = yaml.safe_load(WORKFLOW.read_text())["jobs"]["run-autograding-tests"]["steps"][-1]
    assert reporter["with"]["runners"].split(",") == [t["id"] for t in tests]
    assert set(reporter["env"]) == {f"{t['id'].upper()}_RESULTS" for t in tests}


def test_the_workflows_commands_pass_a_finished_notebook_and_fail_a_blank_one(tmp_path):
    done, blank = tmp_path / "done", tmp_path / "blank"
    shutil.copytree(ROOT / "assignments" / "backprop", blank)
    shutil.copytree(blank, done)
    shutil.copy(REFERENCE, done / "backprop.ipynb")
    shutil.copy(REFERENCE_RESULTS, done / "results.txt")
    tests = grading_steps(WORKFLOW.read_text(encoding="utf-8"))
    for step in tests:
        finished = run_test(step, done)
        assert finished.returncode == 0, finished.stdout + finished.stderr
    for step in tests[:2]:
        started = run_test(step, blank)
        assert started.returncode == 1
        assert "is not implemented yet" in started.stdout


def test_the_package_students_install_holds_no_solution(tmp_path):
    source = tmp_path / "source"
    for part in ("autograder", "datasets", "solutions"):
        shutil.copytree(ROOT / part, source / part,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path / "wheel"), str(source)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "autograder/report/summary.py" in names
    assert "autograder/datasets/iris.csv" in names
    assert not [n for n in names if "solutions" in n or n.endswith(".ipynb")]
