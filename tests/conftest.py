"""Shared fixtures: one Grader for the whole session, each submission graded once.

Grading starts a child process per submission, and a Grader runs the reference once for
its draw of hidden cases; sharing one Grader and caching reports keeps the suite fast.
"""

from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import Grader
from autograder.suites import get_suite

ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS = ROOT / "tests" / "submissions"
REFERENCE = ROOT / "solutions" / "backprop" / "backprop.ipynb"
# Corpus files have no results.txt beside them: they are graded with the reference's.
REFERENCE_RESULTS = ROOT / "solutions" / "backprop" / "results.txt"
COMMITTED_STUDENT_NOTEBOOK = ROOT / "assignments" / "backprop" / "backprop.ipynb"
SEED = 20240917  # one fixed draw of hidden cases, so that a failure can be replayed


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def reference():
    return REFERENCE


@pytest.fixture(scope="session")
def reference_results():
    return REFERENCE_RESULTS


@pytest.fixture(scope="session")
def suite():
    return get_suite("backprop")


@pytest.fixture(scope="session")
def grader(suite):
    """One Grader, one draw, one run of the reference, for every submission of the session."""
    return Grader(suite, reference=REFERENCE, seed=SEED)


@pytest.fixture(scope="session")
def graded(grader):
    """The report of a corpus file by name, graded at most once per session."""
    reports = {}

    def report(name):
        if name not in reports:
            reports[name] = grader.grade(SUBMISSIONS / name, results=REFERENCE_RESULTS)
        return reports[name]

    return report


@pytest.fixture
def grade_code(grader, tmp_path):
    """Grade a tiny submission written into tmp_path, with an optional results.txt beside it."""

    def grade(source, results=None):
        path = tmp_path / "submission.py"
        path.write_text(source, encoding="utf-8")
        if results is not None:
            (tmp_path / "results.txt").write_text(results, encoding="utf-8")
        return grader.grade(path)

    return grade


def _released(source):
    """The student version of a source notebook: the release module's, else nbgrader's own."""
    try:
        from autograder.release import student_notebook
    except ImportError:
        student_notebook = None
    if student_notebook is not None:
        made = student_notebook(source)
        if isinstance(made, str):
            return nbformat.reads(made, as_version=4)
        if isinstance(made, Path):
            return nbformat.read(made, as_version=4)
        return made
    from nbgrader.preprocessors import ClearSolutions

    notebook = nbformat.read(source, as_version=4)
    notebook, _ = ClearSolutions().preprocess(notebook, {})
    return notebook


@pytest.fixture(scope="session")
def student_notebook(tmp_path_factory):
    """The untouched notebook a student starts from, in a folder without results.txt."""
    if COMMITTED_STUDENT_NOTEBOOK.is_file():
        return COMMITTED_STUDENT_NOTEBOOK
    path = tmp_path_factory.mktemp("student") / "backprop.ipynb"
    nbformat.write(_released(REFERENCE), path)
    return path


@pytest.fixture(scope="session")
def student_report(grader, student_notebook):
    return grader.grade(student_notebook)
