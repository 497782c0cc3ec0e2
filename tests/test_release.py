"""The student notebook is what `autograder release` makes of the source, and hides the answers."""

import json
import re
from pathlib import Path

import nbformat

from autograder.release import release_all, student_notebook

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "solutions" / "backprop" / "backprop.ipynb"
STUDENT = ROOT / "assignments" / "backprop" / "backprop.ipynb"
REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def solution_lines() -> set[str]:
    notebook = nbformat.read(SOURCE, as_version=4)
    lines = set()
    for cell in notebook.cells:
        for region in REGION.findall(cell.source):
            lines |= {line.strip() for line in region.splitlines() if line.strip()}
    return lines


def test_committed_student_notebook_is_the_release_of_the_source():
    assert student_notebook(SOURCE) == nbformat.read(STUDENT, as_version=4), (
        "assignments/ is stale: run `autograder release` and commit the result"
    )


def test_release_writes_every_assignment(tmp_path):
    (tmp_path / "solutions" / "backprop").mkdir(parents=True)
    (tmp_path / "solutions" / "backprop" / "backprop.ipynb").write_bytes(SOURCE.read_bytes())
    written = release_all(tmp_path)
    workflow = Path(".github", "workflows", "classroom.yml")
    assert written == [tmp_path / "assignments" / "backprop" / "backprop.ipynb",
                       tmp_path / "assignments" / "backprop" / workflow]
    assert written[0].read_text(encoding="utf-8") == STUDENT.read_text(encoding="utf-8")
    assert written[1].read_text(encoding="utf-8") == (STUDENT.parent / workflow).read_text()


def test_student_notebook_holds_no_line_of_a_solution():
    lines = solution_lines()
    assert len(lines) > 50  # the regions were found
    student = nbformat.read(STUDENT, as_version=4)
    shown = {line.strip() for cell in student.cells for line in cell.source.splitlines()}
    assert not (lines & shown - {"raise NotImplementedError()"})


def test_student_notebook_has_skeletons_and_no_outputs():
    student = nbformat.read(STUDENT, as_version=4)
    code = [cell for cell in student.cells if cell.cell_type == "code"]
    for name in ("sigmoid", "initialize_weights", "feedforward_", "feedforward",
                 "calculate_deltas", "batch_update_nn", "sgd_nn", "multi_accuracy"):
        (cell,) = [c for c in code if c.source.startswith(f"def {name}(")]
        assert "raise NotImplementedError()" in cell.source
        compile(cell.source, name, "exec")
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert "BEGIN SOLUTION" not in json.dumps(student)
