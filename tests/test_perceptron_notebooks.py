"""The perceptron's notebooks: the student's is what `autograder release` makes of the source,
hides the answers, and both run in a Jupyter kernel as they should."""

import json
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.release import student_notebook, workflow
from autograder.suites import get_suite
from tests.perceptron.helpers import SOURCE, STUDENT

SUITE = get_suite("perceptron")
REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
FUNCTIONS = [q.name for q in SUITE.questions]


def test_committed_student_notebook_is_the_release_of_the_source():
    assert student_notebook(SOURCE) == nbformat.read(STUDENT, as_version=4), (
        "assignments/perceptron is stale: run `autograder release` and commit the result"
    )


def test_committed_workflow_is_the_release_of_the_suite():
    committed = STUDENT.parent / ".github" / "workflows" / "classroom.yml"
    assert committed.read_text(encoding="utf-8") == workflow("perceptron", "perceptron.ipynb")
    assert "--assignment perceptron --question train_perceptron" in committed.read_text()


def test_student_notebook_holds_no_line_of_a_solution():
    source = nbformat.read(SOURCE, as_version=4)
    lines = {line.strip() for cell in source.cells for region in REGION.findall(cell.source)
             for line in region.splitlines() if line.strip()}
    assert len(lines) > 40  # the regions were found
    student = nbformat.read(STUDENT, as_version=4)
    shown = {line.strip() for cell in student.cells for line in cell.source.splitlines()}
    assert not (lines & shown - {"raise NotImplementedError()"})
    assert "BEGIN SOLUTION" not in json.dumps(student)


def test_student_notebook_has_a_skeleton_and_a_self_check_per_function():
    student = nbformat.read(STUDENT, as_version=4)
    code = [cell for cell in student.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    for question in SUITE.questions:
        (skeleton,) = [c for c in code if c.source.startswith(f"def {question.name}(")]
        assert "raise NotImplementedError()" in skeleton.source
        (check,) = [c for c in code if f'check({question.name}, "perceptron")' in c.source]
        assert check.metadata["tags"] == ["self-check"]
        assert check.metadata["nbgrader"]["points"] == question.points
    assert sum(c.metadata["nbgrader"].get("points", 0) for c in code) == 100


@pytest.fixture
def kernel_python(monkeypatch):
    """The python3 kernel starts `python` from PATH: make that this interpreter."""
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def execute(source: Path, folder: Path) -> nbformat.NotebookNode:
    copy = folder / source.name
    shutil.copy(source, copy)
    notebook = nbformat.read(copy, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def errors(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    return [(cell.metadata["nbgrader"]["grade_id"], output.ename)
            for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if output.output_type == "error"]


def text(notebook: nbformat.NotebookNode, grade_id: str) -> str:
    (cell,) = [c for c in notebook.cells if c.metadata["nbgrader"]["grade_id"] == grade_id]
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_source_notebook_runs_and_shows_the_trace_the_plots_and_the_limit(kernel_python,
                                                                          tmp_path):
    notebook = execute(SOURCE, tmp_path)
    assert errors(notebook) == []
    for name in FUNCTIONS:
        assert "every public check passes" in text(notebook, f"check_{name}")
    trace = text(notebook, "exercise_trace")
    assert re.search(r"^\s+6\s+\(2\.0, 1\.0\)\s+-3\s+0$", trace, re.M), trace
    assert "converged: True" in trace
    plots = [o for o in next(c for c in notebook.cells
                             if c.metadata["nbgrader"]["grade_id"] == "exercise_plots").outputs
             if "image/png" in o.get("data", {})]
    assert len(plots) == 1  # AND, OR and XOR side by side
    limit = text(notebook, "exercise_limit")
    assert "converged = False after 100 epochs" in limit
    best = re.search(r"best accuracy of any epoch: ([\d.]+)", limit)
    assert best and float(best[1]) <= 0.75, limit
    assert limit.count("two-layer network on") == 4
    assert all(line.split(": ")[1].split(" ")[0] == line[-2] for line in limit.splitlines()
               if line.startswith("two-layer network on"))


def test_student_notebook_fails_only_on_its_skeletons(kernel_python, tmp_path):
    found = errors(execute(STUDENT, tmp_path))
    assert found, "the skeletons should raise"
    assert {name for _, name in found} == {"NotImplementedError"}, found
