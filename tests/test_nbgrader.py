"""nbgrader's own round trip gives the points `autograder grade` gives, question by question.

What this proves: in an nbgrader course directory (source/backprop/ holding the source
notebook and the catalog of mistakes), `nbgrader generate_assignment` releases the notebook
without the catalog, and `nbgrader autograde` of three submissions (the reference, and two
notebooks each with one function broken in a way no random draw can hide) records, for
every grade cell, the points that `autograder grade` (pipeline.Grader, sandboxed, with the
same course's reference) gives the cell's question: partial credit, hidden cases and all.
The grade cells find the reference on their own (NBGRADER_EXECUTION=autograde and the
course's source/ above the kernel's folder); no variable is set.

nbgrader re-runs every cell, so exercise C rewrites results.txt during autograde: the
grader is given that file, the one the kernel's check judged. Slow: nbgrader starts a
kernel per submission, so all three go through one `nbgrader autograde`.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder.selfcheck import find_reference
from autograder.suites import get_suite
from tests.conftest import trusted_grader

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "solutions" / "backprop"
COURSE_ID = "backprop-lab"
# grade cell -> question
QUESTIONS = {
    "check_sigmoid": "sigmoid",
    "check_initialize_weights": "initialize_weights",
    "check_feedforward_": "feedforward_",
    "check_feedforward": "feedforward",
    "check_calculate_deltas": "calculate_deltas",
    "check_batch_update_nn": "batch_update_nn",
    "check_sgd_nn": "sgd_nn",
    "check_multi_accuracy": "multi_accuracy",
    "check_results": "results.txt",
}
# student -> (function broken, text of the reference replaced, by what); the source's
# sgd_nn does not call either function, so each bug costs its own question only.
BUGS = {
    "output_sign": ("calculate_deltas", "deltas = [(a - y) * a * (1 - a)]",
                    "deltas = [(y - a) * a * (1 - a)]"),
    "bias_not_updated": ("batch_update_nn", "        W[:, 0] -= eta * d\n", ""),
}
CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.db_url = {db_url!r}
# The reference's results.txt and the catalog of mistakes stay out of the release (and out
# of autograded/, where nbgrader would copy results.txt over the student's).
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "mistakes", "results.txt"]
c.Execute.timeout = 300
"""


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_COURSE"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"  # kernel's python
    done = subprocess.run([str(Path(sys.executable).with_name("nbgrader")), *args], cwd=course,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def buggy(function: str, old: str, new: str) -> nbformat.NotebookNode:
    notebook = nbformat.read(SOURCE / "backprop.ipynb", as_version=4)
    (cell,) = [c for c in notebook.cells
               if c.metadata.get("nbgrader", {}).get("grade_id") == function]
    assert old in cell.source
    cell.source = cell.source.replace(old, new)
    return notebook


def nbgrader_points(course: Path, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gradebook:
        notebook = gradebook.find_submission_notebook("backprop", "backprop", student)
        return {QUESTIONS[grade.name]: grade.score for grade in notebook.grades}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course directory after generate_assignment and one autograde of three students."""
    root = tmp_path_factory.mktemp("course")
    (root / "nbgrader_config.py").write_text(CONFIG.format(
        root=str(root), course_id=COURSE_ID, db_url=f"sqlite:///{root / 'gradebook.db'}"))
    (root / "source" / "backprop").mkdir(parents=True)
    shutil.copy(SOURCE / "backprop.ipynb", root / "source" / "backprop")
    shutil.copytree(SOURCE / "mistakes", root / "source" / "backprop" / "mistakes")
    nbgrader(root, "generate_assignment", "backprop", "--force")
    notebooks = {"reference": nbformat.read(SOURCE / "backprop.ipynb", as_version=4)}
    notebooks |= {student: buggy(*bug) for student, bug in BUGS.items()}
    for student, notebook in notebooks.items():
        folder = root / "submitted" / student / "backprop"
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / "backprop.ipynb")
    shutil.copy(SOURCE / "results.txt", root / "submitted" / "reference" / "backprop")
    started = time.perf_counter()
    nbgrader(root, "autograde", "backprop", "--force")
    print(f"\nnbgrader autograde of {len(notebooks)} submissions: "
          f"{time.perf_counter() - started:.1f} s")
    return root


def test_release_keeps_the_catalog_and_results_private(course):
    released = course / "release" / "backprop"
    assert sorted(p.name for p in released.iterdir()) == ["backprop.ipynb"]


@pytest.mark.parametrize("student", ["reference", *BUGS])
def test_nbgrader_gives_the_points_autograder_grade_gives(course, student):
    suite = get_suite("backprop")
    grader = trusted_grader(suite, course / "source" / "backprop" / "backprop.ipynb")
    assert grader.hidden, grader.notes
    autograded = course / "autograded" / student / "backprop"
    report = grader.grade(course / "submitted" / student / "backprop" / "backprop.ipynb",
                          results=autograded / "results.txt")
    ours = {q.name: q.score for q in report.questions}
    theirs = nbgrader_points(course, student)
    print(f"\n{student}: " + ", ".join(
        f"{q.name} {theirs[q.name]:g}/{ours[q.name]:g}/{q.points:g}" for q in suite.questions))
    assert theirs == ours
    lost = {q.name for q in suite.questions if ours[q.name] < q.points}
    assert lost == ({BUGS[student][0]} if student in BUGS else set())


def test_failed_checks_explain_themselves_in_the_autograded_notebook(course):
    notebook = nbformat.read(course / "autograded" / "output_sign" / "backprop" /
                             "backprop.ipynb", as_version=4)
    (cell,) = [c for c in notebook.cells
               if c.metadata.get("nbgrader", {}).get("grade_id") == "check_calculate_deltas"]
    printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    assert "FAIL worked example (Mazur) (0/4)" in printed
    assert "hint: your output-layer deltas have the opposite sign" in printed
    assert cell.outputs[-1].data["text/plain"] == "0.0"


def test_only_an_instructors_kernel_grades(monkeypatch, tmp_path):
    """A student's kernel self-checks even inside the course; autograde finds source/."""
    monkeypatch.delenv("AUTOGRADER_COURSE", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert find_reference("backprop", ROOT / "assignments" / "backprop") is None
    (tmp_path / "source" / "backprop").mkdir(parents=True)
    shutil.copy(SOURCE / "backprop.ipynb", tmp_path / "source" / "backprop")
    kernel = tmp_path / "autograded" / "someone" / "backprop"
    kernel.mkdir(parents=True)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert find_reference("backprop", kernel) == tmp_path / "source" / "backprop" / "backprop.ipynb"
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert find_reference("backprop", kernel) is None


def test_a_warning_of_the_students_code_stays_off_stderr():
    """nbgrader scores a grade cell with stderr 0: this sigmoid warns, yet earns its points."""
    script = ("import numpy as np\nfrom autograder.selfcheck import check\n"
              "def sigmoid(x):\n    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))\n"
              "print(check(sigmoid))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "AUTOGRADER_COURSE": str(ROOT)}, timeout=120)
    assert done.stderr == ""
    assert "RuntimeWarning: overflow" in done.stdout
    assert done.stdout.splitlines()[-1] == "5.0"
