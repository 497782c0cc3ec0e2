"""Release: the student notebook from the instructor's source, with nbgrader's own steps.

The steps are those of `nbgrader generate_assignment` that touch the notebook, without
its database: solution regions become `raise NotImplementedError()`, outputs go, hidden
tests and mark schemes are cleared, checksums let nbgrader notice edited locked cells.
Each assignment is solutions/<name>/<name>.ipynb -> assignments/<name>/<name>.ipynb.
"""

from __future__ import annotations

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

STEPS = (LockCells, ClearSolutions, ClearOutput, CheckCellMetadata, ComputeChecksums,
         ClearHiddenTests, ClearMarkScheme, ComputeChecksums, CheckCellMetadata)


def student_notebook(source: Path) -> nbformat.NotebookNode:
    """The notebook a student gets from an instructor's source notebook."""
    notebook = nbformat.read(source, as_version=4)
    resources = {"language": "python"}
    for step in STEPS:
        notebook, resources = step().preprocess(notebook, resources)
    return notebook


def release_all(course: Path) -> list[Path]:
    """Regenerate every assignment's student notebook; return the files written."""
    written = []
    for source in sorted((course / "solutions").glob("*/*.ipynb")):
        if ".ipynb_checkpoints" in source.parts:
            continue
        target = course / "assignments" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(student_notebook(source), target)
        written.append(target)
    return written
