"""Release: the student notebook from the instructor's source, with nbgrader's own steps.

The steps are those of `nbgrader generate_assignment` that touch the notebook, without
its database: solution regions become `raise NotImplementedError()`, outputs go, hidden
tests and mark schemes are cleared, checksums let nbgrader notice edited locked cells.
Each assignment is solutions/<name>/<name>.ipynb -> assignments/<name>/<name>.ipynb, and
a first cell is added that says how to install the engine.

Beside the notebook go the student wheel (the engine and its data, no solutions/: the
packages pyproject.toml lists) and a GitHub Classroom workflow, so that
assignments/<name>/ is the template of the students' repositories as it is: every push
installs the wheel the repository carries and runs `autograder check` once per question,
and the class view shows the public checks' points. Nothing is installed from a name on
a public index, so no one else's package of that name can run in a student's CI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ClearSolutions,
    ComputeChecksums,
    LockCells,
)

import autograder
from autograder.report.text import points
from autograder.suites import get_suite

# The file name pip gives the wheel of this engine: notebooks and workflows name it.
WHEEL = f"backprop_lab-{autograder.__version__}-py3-none-any.whl"

INSTALL = f"""\
**Before you start: install the autograder.** The self-check cells of this notebook run
its public checks. In a terminal, in the folder of this notebook (your copy of the
assignment's repository, which holds the wheel), with the Python of your Jupyter kernel:

    pip install {WHEEL}

then restart the kernel. (In a notebook cell, `%pip install {WHEEL}` installs it for
this kernel.) Where your course publishes the engine on a package index, `pip install
backprop-lab=={autograder.__version__}` installs the same.
"""


class AddInstallCell:
    """Put the install instructions first, with a fixed id so that a release is stable."""

    def preprocess(self, notebook: nbformat.NotebookNode,
                   resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        cell = nbformat.v4.new_markdown_cell(INSTALL.rstrip("\n"), id="install")
        notebook.cells = [cell, *[c for c in notebook.cells if c.get("id") != "install"]]
        return notebook, resources


STEPS = (LockCells, ClearSolutions, ClearOutput, CheckCellMetadata, ComputeChecksums,
         ClearHiddenTests, ClearMarkScheme, ComputeChecksums, CheckCellMetadata,
         AddInstallCell)


class ReleaseError(Exception):
    """The student wheel cannot be built here."""


def student_notebook(source: Path) -> nbformat.NotebookNode:
    """The notebook a student gets from an instructor's source notebook."""
    notebook = nbformat.read(source, as_version=4)
    resources = {"language": "python"}
    for step in STEPS:
        notebook, resources = step().preprocess(notebook, resources)
    return notebook


def engine_source() -> Path:
    """The project this engine runs from, which builds its wheel."""
    root = Path(autograder.__file__).resolve().parents[1]
    if not (root / "pyproject.toml").is_file():
        raise ReleaseError(f"the engine at {root} was installed from a wheel, not from its "
                           "source, so the student wheel cannot be built here: install it "
                           "from the project's checkout (pip install -e .) and release again")
    return root


def build_student_wheel(out: Path) -> Path:
    """Build the engine's wheel into `out` with pip (its build backend from the index, as
    for any install); it holds the packages pyproject.toml lists, never solutions/."""
    with tempfile.TemporaryDirectory() as scratch:
        built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                                "--wheel-dir", scratch, str(engine_source())],
                               capture_output=True, text=True)
        wheels = sorted(Path(scratch).glob("*.whl"))
        if built.returncode != 0 or [w.name for w in wheels] != [WHEEL]:
            said = (built.stderr or built.stdout).strip().splitlines()[-5:]
            raise ReleaseError("pip could not build the student wheel "
                               f"{WHEEL}: " + (" / ".join(said) or
                                               f"it made {[w.name for w in wheels]}"))
        out.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(wheels[0], out / WHEEL))


WORKFLOW = """\
# Runs the public checks of {notebook} on every push; GitHub Classroom shows the points.
# Hidden cases are graded by the instructor (`autograder batch`), never here.
name: Autograding Tests
"on": [push, workflow_dispatch, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install the autograder from the wheel this repository carries
        run: pip install "./{wheel}"
{tests}      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
{results}        with:
          runners: {runners}
"""

TEST = """\
      - name: {question}
        id: {step}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: {question}
          command: autograder check {notebook} --assignment {assignment} --question {question}
          timeout: 5
          max-score: {points}
"""


def workflow(assignment: str, notebook: str) -> str:
    """The GitHub Classroom workflow of an assignment: one test per question with public
    points, worth those points."""
    public = {q: p for q, p in get_suite(assignment).public_points.items() if p > 0}
    steps = {q: f"q{n}-" + re.sub(r"[^a-z0-9]+", "-", q.lower()).strip("-")
             for n, q in enumerate(public, 1)}
    tests = "".join(TEST.format(question=q, step=steps[q], notebook=notebook,
                                assignment=assignment, points=points(p))
                    for q, p in public.items())
    results = "".join(f'          {s.upper()}_RESULTS: "${{{{steps.{s}.outputs.result}}}}"\n'
                      for s in steps.values())
    return WORKFLOW.format(notebook=notebook, tests=tests, results=results,
                           runners=",".join(steps.values()), wheel=WHEEL)


def release_all(course: Path, wheel: Path | None = None) -> list[Path]:
    """Regenerate every assignment's student notebook and its CI workflow, and put the
    student `wheel` (from `build_student_wheel`) beside them; return the files written."""
    written = []
    for source in sorted((course / "solutions").glob("*/*.ipynb")):
        if ".ipynb_checkpoints" in source.parts:
            continue
        target = course / "assignments" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student_notebook(source), target)
        ci = target.parent / ".github" / "workflows" / "classroom.yml"
        ci.parent.mkdir(parents=True, exist_ok=True)
        ci.write_text(workflow(source.parent.name, source.name), encoding="utf-8")
        written += [target, ci]
        if wheel is not None:
            for old in target.parent.glob("backprop_lab-*.whl"):
                old.unlink()  # an earlier version's, which the workflow no longer names
            written.append(Path(shutil.copy(wheel, target.parent / WHEEL)))
    return written
