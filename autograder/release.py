"""Release: the student notebook from the instructor's source, with nbgrader's own steps.

The steps are those of `nbgrader generate_assignment` that touch the notebook, without
its database: solution regions become `raise NotImplementedError()`, outputs go, hidden
tests and mark schemes are cleared, checksums let nbgrader notice edited locked cells.
Each assignment is solutions/<name>/<name>.ipynb -> assignments/<name>/<name>.ipynb.

Beside the notebook goes a GitHub Classroom workflow, so that assignments/<name>/ can be
the template of the students' repositories: every push runs `autograder check` once per
question, and the class view shows the public checks' points. The engine comes from the
package the instructor names in the variable BACKPROP_LAB (a wheel built from this
repository holds the engine only: no solutions/).
"""

from __future__ import annotations

import re
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

from autograder.report.text import points
from autograder.suites import get_suite

STEPS = (LockCells, ClearSolutions, ClearOutput, CheckCellMetadata, ComputeChecksums,
         ClearHiddenTests, ClearMarkScheme, ComputeChecksums, CheckCellMetadata)


def student_notebook(source: Path) -> nbformat.NotebookNode:
    """The notebook a student gets from an instructor's source notebook."""
    notebook = nbformat.read(source, as_version=4)
    resources = {"language": "python"}
    for step in STEPS:
        notebook, resources = step().preprocess(notebook, resources)
    return notebook


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
      - name: Install the autograder
        run: pip install "${{{{ vars.BACKPROP_LAB || 'backprop-lab' }}}}"
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
                           runners=",".join(steps.values()))


def release_all(course: Path) -> list[Path]:
    """Regenerate every assignment's student notebook and its CI workflow; return the files
    written."""
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
    return written
