"""Shared fixtures: one Grader for the whole session, each submission graded once.

Grading starts a child process per submission, and a Grader runs the reference once for
its draw of hidden cases; sharing one Grader and caching reports keeps the suite fast.

Tests of grading logic grade the project's own submissions (the reference, the corpus of
correct and buggy ones, crafted stubs): they are trusted code, graded with `TRUSTED`, no
sandbox, hidden checks included, so that they run on any machine. Tests that need a part
of the system (`@pytest.mark.needs("sandbox")`, which hostile code needs; "bubblewrap";
"chromium"; "root") skip where it is missing, saying what to install; under CI=true a
missing part fails the test instead, so that CI proves everything.
"""

import functools
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import Grader
from autograder.run.sandbox import NONE, bubblewrap_failure, choose
from autograder.suites import get_suite

# The project's own submissions need no sandbox: graded as code one trusts, hidden checks
# included (what `--unsafe-no-sandbox` does on the command line).
TRUSTED = {"sandbox": NONE, "unsafe": True}
TRUSTED_FLAGS = ["--unsafe-no-sandbox"]


@functools.cache
def missing(component: str) -> str | None:
    """Why `component` is not usable here, with the command that installs it; None if it is."""
    if component == "bubblewrap":
        why = bubblewrap_failure()
        return None if why is None else (
            f"needs the sandbox, bubblewrap, which does not work here ({why}): "
            "apt-get install bubblewrap; `autograder doctor` tells more")
    if component == "sandbox":
        return None if choose().isolates else (
            "needs a sandbox for hostile code, and this machine has none: apt-get install "
            "bubblewrap; `autograder doctor` tells more")
    if component == "chromium":
        gone = [p for p in ("/usr/bin/chromium", "/usr/bin/chromedriver") if not shutil.which(p)]
        return None if not gone else (f"needs Chromium, not found here ({', '.join(gone)}): "
                                      "apt-get install chromium chromium-driver")
    if component == "root":
        return None if os.geteuid() == 0 else ("needs a root grader (a uid of its own per "
                                               "child), as in CI: run the tests as root")
    raise ValueError(f"unknown component {component!r}")


def pytest_configure(config):
    config.addinivalue_line("markers", "needs(component, ...): the test needs a part of the "
                                       "system (sandbox, bubblewrap, chromium, root)")


def lacking(why: str) -> None:
    """Skip a test that this machine cannot run, saying `why`; under CI=true, fail it."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"CI=true, and the test {why}", pytrace=False)
    pytest.skip(why)


def pytest_runtest_setup(item):
    for marker in item.iter_markers("needs"):
        for component in marker.args:
            why = missing(component)
            if why is not None:
                lacking(why)

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
    return Grader(suite, reference=REFERENCE, seed=SEED, **TRUSTED)


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


def trusted_grader(*args, **kwargs) -> Grader:
    """A Grader for the project's own submissions: no sandbox, hidden checks included."""
    return Grader(*args, **TRUSTED, **kwargs)
