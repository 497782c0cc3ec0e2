"""The training notebooks in a Jupyter kernel: the source runs top to bottom and draws its
plots (rain gutter paths, loss per optimizer, Pima's learning curves); the student's
version fails only where a skeleton is left to write."""

import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "solutions" / "training" / "training.ipynb"
STUDENT = ROOT / "assignments" / "training" / "training.ipynb"


@pytest.fixture(autouse=True)
def kernel_python(monkeypatch):
    """The python3 kernel starts `python` from PATH: make that this interpreter."""
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def execute(source, folder):
    copy = folder / source.name
    shutil.copy(source, copy)
    notebook = nbformat.read(copy, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def outputs(notebook, kind):
    return [(cell.metadata["nbgrader"]["grade_id"], output) for cell in notebook.cells
            if cell.cell_type == "code" for output in cell.outputs
            if output.output_type == kind or kind in output.get("data", {})]


def test_the_source_runs_and_draws_the_gutter_and_the_learning_curves(tmp_path):
    notebook = execute(SOURCE, tmp_path)
    assert [(cell, out.ename) for cell, out in outputs(notebook, "error")] == []
    assert [cell for cell, _ in outputs(notebook, "image/png")] == ["exercise_gutter",
                                                                    "exercise_pima"]
    printed = "".join(out.text for cell, out in outputs(notebook, "stream")
                      if cell == "exercise_pima")
    accuracy = float(printed.split("test accuracy of the kept weights: ")[1].split()[0])
    assert accuracy >= 0.74


def test_the_student_notebook_fails_only_on_its_skeletons(tmp_path):
    notebook = execute(STUDENT, tmp_path)
    errors = outputs(notebook, "error")
    assert errors, "the skeletons should raise"
    assert {out.ename for _, out in errors} == {"NotImplementedError"}, errors
