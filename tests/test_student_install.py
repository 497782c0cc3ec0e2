"""A student's install, end to end: `autograder release` makes the GitHub Classroom
template; a student's fresh venv, far from the project, installs the wheel the template
carries as its workflow does; the self-check cells of a partly solved notebook run in a
real Jupyter kernel of that venv; the workflow's test commands pass what is solved and
fail what is not. No variable is set and nothing of the engine comes from an index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from autograder.release import WHEEL
from autograder.report.text import points
from autograder.suites import get_suite
from tests.conftest import ROOT

SOLVED = "sigmoid"  # the one function the student has written so far
STEPS_KEY = ("jobs", "run-autograding-tests", "steps")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """assignments/backprop/ of a course released by the command, as a student clones it."""
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "solutions", course / "solutions",
                    ignore=shutil.ignore_patterns("__pycache__"))
    released = subprocess.run([sys.executable, "-m", "autograder", "release", "--course",
                               str(course)], cwd=ROOT, capture_output=True, text=True,
                              timeout=600)
    assert released.returncode == 0, released.stderr
    assert f"wrote {course / 'assignments' / 'backprop' / WHEEL}" in released.stdout
    clone = tmp_path_factory.mktemp("student") / "backprop-alice"
    shutil.copytree(course / "assignments" / "backprop", clone)
    return clone


@pytest.fixture(scope="module")
def student(tmp_path_factory, template) -> dict[str, str]:
    """The environment of a student's shell: a fresh venv first on PATH, nothing else of
    this project reachable; the template's install step has run in it."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "AUTOGRADER_COURSE", "AUTOGRADER_SANDBOX",
                        "CI") and not k.startswith("BACKPROP")}
    env["PATH"] = f"{home / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PATH"] = str(home / "share" / "jupyter")
    for command in install_commands(template):
        installed = subprocess.run(["bash", "-e", "-c", command], cwd=template, env=env,
                                   capture_output=True, text=True, timeout=900)
        assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    return env


def steps(template: Path) -> list[dict]:
    flow = yaml.safe_load((template / ".github" / "workflows" / "classroom.yml").read_text())
    return flow[STEPS_KEY[0]][STEPS_KEY[1]][STEPS_KEY[2]]


def install_commands(template: Path) -> list[str]:
    return [step["run"] for step in steps(template) if "run" in step]


def test_the_template_carries_the_wheel_and_installs_it_from_itself(template):
    assert (template / WHEEL).is_file()
    (install,) = install_commands(template)
    assert install == f'pip install "./{WHEEL}"'
    workflow = (template / ".github" / "workflows" / "classroom.yml").read_text()
    assert "vars." not in workflow and "backprop-lab'" not in workflow


def test_the_notebook_says_first_how_to_install(template):
    first = nbformat.read(template / "backprop.ipynb", as_version=4).cells[0]
    assert first.cell_type == "markdown"
    assert f"    pip install {WHEEL}\n" in first.source


def test_the_installed_engine_is_the_wheels_and_holds_no_solution(student, template):
    where = subprocess.run(["python", "-c", "import autograder, pathlib; "
                            "print(pathlib.Path(autograder.__file__).parent)"],
                           cwd=template, env=student, capture_output=True, text=True)
    engine = Path(where.stdout.strip())
    assert engine.parent.name == "site-packages" and not engine.is_relative_to(ROOT)
    assert not (engine.parent / "solutions").exists()
    assert not list(engine.parent.glob("**/backprop.ipynb"))


def partly_solved(template: Path) -> Path:
    """The student notebook with the one solved function written as the reference does."""
    notebook = nbformat.read(template / "backprop.ipynb", as_version=4)
    reference = nbformat.read(ROOT / "solutions" / "backprop" / "backprop.ipynb", as_version=4)
    (answer,) = [c for c in reference.cells if c.get("id") == SOLVED]
    (blank,) = [c for c in notebook.cells if c.get("id") == SOLVED]
    blank.source = "\n".join(line for line in answer.source.splitlines()
                             if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    path = template / "backprop.ipynb"
    nbformat.write(notebook, path)
    return path


def test_self_checks_run_in_a_plain_kernel_of_the_students_venv(student, template):
    subprocess.run(["pip", "install", "-q", "ipykernel"], env=student, check=True,
                   capture_output=True, timeout=900)
    spec = Path(student["JUPYTER_PATH"]) / "kernels" / "student"
    spec.mkdir(parents=True)
    python = shutil.which("python", path=student["PATH"])
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "student", "language": "python", "env": {"PATH": student["PATH"]}}))
    notebook = nbformat.read(partly_solved(template), as_version=4)
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = student["JUPYTER_PATH"]
    try:
        NotebookClient(notebook, kernel_name="student", allow_errors=True, timeout=120,
                       resources={"metadata": {"path": str(template)}}).execute()
    finally:
        if previous is None:
            del os.environ["JUPYTER_PATH"]
        else:
            os.environ["JUPYTER_PATH"] = previous
    checks = {c.id: c for c in notebook.cells if "self-check" in c.metadata.get("tags", [])}
    assert len(checks) >= 8

    def said(cell) -> str:
        return "".join(o.get("text", "") + o.get("evalue", "") + o.get("ename", "")
                       for o in cell.get("outputs", []))

    everything = "".join(said(c) for c in notebook.cells if c.cell_type == "code")
    assert "ModuleNotFoundError" not in everything and "No module named" not in everything
    assert f"{SOLVED}: every public check passes" in said(checks[f"check_{SOLVED}"])
    unsolved = [c for name, c in checks.items() if name != f"check_{SOLVED}"]
    assert all("NotImplementedError" in said(c) for c in unsolved[:3]), [
        said(c) for c in unsolved[:3]]


def test_the_workflows_tests_pass_the_solved_question_and_fail_the_others(student, template):
    partly_solved(template)
    tests = [step for step in steps(template)
             if step.get("uses", "").startswith("classroom-resources/autograding-command")]
    assert tests
    codes = {}
    for step in tests:
        done = subprocess.run(["bash", "-e", "-c", step["with"]["command"]], cwd=template,
                              env=student, capture_output=True, text=True, timeout=300)
        codes[step["with"]["test-name"]] = done.returncode
        if step["with"]["test-name"] == SOLVED:
            public = points(get_suite("backprop").public_points[SOLVED])
            assert f"score: {public}/{public} (public checks only)" in done.stdout, (
                done.stdout + done.stderr)
    assert codes[SOLVED] == 0
    assert {name: code for name, code in codes.items() if name != SOLVED} == {
        name: 1 for name in codes if name != SOLVED}


def test_readme_names_the_wheel_students_install():
    assert f"pip install {WHEEL}\n" in (ROOT / "README.md").read_text(encoding="utf-8")
