"""The notebooks run in a Jupyter kernel: the source cleanly, the student's up to its skeletons."""

import json
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.compare import NETWORK, compare

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "solutions" / "backprop" / "backprop.ipynb"
STUDENT = ROOT / "assignments" / "backprop" / "backprop.ipynb"


@pytest.fixture(autouse=True)
def kernel_python(monkeypatch):
    """The python3 kernel starts `python` from PATH: make that this interpreter."""
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def execute(source: Path, folder: Path) -> nbformat.NotebookNode:
    copy = folder / source.name
    shutil.copy(source, copy)
    notebook = nbformat.read(copy, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    return notebook


def errors(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    return [(cell.metadata.get("nbgrader", {}).get("grade_id", "?"), output.ename)
            for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if output.output_type == "error"]


def test_source_notebook_runs_top_to_bottom_and_writes_the_committed_results(tmp_path):
    notebook = execute(SOURCE, tmp_path)
    assert errors(notebook) == []
    images = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if "image/png" in output.get("data", {})]
    assert len(images) >= 3  # XOR's learning curve, Iris's curves, the confusion matrix
    written = json.loads((tmp_path / "results.txt").read_text(encoding="utf-8"))
    committed = json.loads((SOURCE.parent / "results.txt").read_text(encoding="utf-8"))
    assert written["accuracy"] == committed["accuracy"]
    assert compare(written["network"], committed["network"], NETWORK).passed


def test_student_notebook_fails_only_on_its_skeletons(tmp_path):
    notebook = execute(STUDENT, tmp_path)
    found = errors(notebook)
    assert found, "the skeletons should raise"
    assert {name for _, name in found} == {"NotImplementedError"}, found
