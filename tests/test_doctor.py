"""`autograder doctor`, the verdict `grade` and `batch` print where they cannot isolate,
and the tests' own rule for a missing part of the system (skip, or fail under CI=true)."""

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.cli import main
from tests.conftest import REFERENCE_RESULTS, ROOT, SUBMISSIONS

CORRECT = SUBMISSIONS / "correct_loops.py"
NEEDS_BUBBLEWRAP = "tests/test_doctor.py::test_where_bubblewrap_works_the_doctor_says_so"


def run(*args: str, path: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    """A command of this project with PATH (where `bwrap` is looked up) set to `path`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "AUTOGRADER_SANDBOX")}
    if path is not None:
        environment["PATH"] = str(path)
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**environment, **env})


def sandbox_line(page: str) -> str:
    (line,) = [line for line in page.splitlines() if " sandbox: " in line]
    return line


@pytest.fixture
def without_bwrap(tmp_path) -> Path:
    """A PATH on which bwrap is not found."""
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


@pytest.fixture
def broken_bwrap() -> Iterator[Path]:
    """A PATH whose bwrap fails as it does where user namespaces are not allowed (in a folder
    a child's uid may enter: a root grader starts bwrap as that uid)."""
    folder = Path(tempfile.mkdtemp(prefix="bwrap-"))
    folder.chmod(0o755)
    script = folder / "bwrap"
    script.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\n"
                      "exit 1\n")
    script.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.needs("bubblewrap")
def test_where_bubblewrap_works_the_doctor_says_so(graded):
    done = run("autograder", "doctor")
    assert done.returncode == 0, done.stdout
    assert sandbox_line(done.stdout).startswith("ok      sandbox: bubblewrap works; the grader "
                                                "runs as ")
    assert done.stdout.splitlines()[-1] == "grading here: complete, hidden checks included"
    # and it is the sandbox a submission is graded in
    assert run("autograder", "grade", str(CORRECT), "--results", str(REFERENCE_RESULTS),
               "--seed", "3").stdout.splitlines()[0].endswith("(sandbox: bubblewrap)")


def test_without_bubblewrap_the_doctor_names_the_package(without_bwrap):
    done = run("autograder", "doctor", path=without_bwrap)
    page = done.stdout
    assert "sandbox: " in sandbox_line(page) and "bubblewrap is not installed" in page
    assert "fix: apt-get install bubblewrap (Debian, Ubuntu)" in page
    assert f"(uid {os.geteuid()})" in sandbox_line(page)
    if "unprivileged user (the fallback)" in page:  # a root grader whose Python others may run
        assert done.returncode == 0
    else:
        assert done.returncode == 1
        assert page.splitlines()[-1] == ("grading here: INCOMPLETE (public checks only) until "
                                         "the sandbox is fixed")


def test_where_namespaces_are_refused_the_doctor_says_what_bwrap_said(broken_bwrap):
    page = run("autograder", "doctor", path=broken_bwrap).stdout
    assert ("bubblewrap cannot create its namespaces (bwrap: setting up uid map: Permission "
            "denied)") in sandbox_line(page)
    assert "fix: allow unprivileged user namespaces (sysctl -w " in page


def test_the_doctor_lists_python_packages_and_the_course():
    page = run("autograder", "doctor").stdout
    assert f"python: {sys.version.split()[0]} ({sys.executable})" in page
    assert "packages: backprop-lab " in page and "numpy " in page
    assert f"course: {ROOT}: assignments backprop, perceptron, training; solutions for " \
           "backprop, perceptron, training" in page
    assert "nbgrader: " in page


def test_a_course_without_solutions_is_named_with_what_to_put_there(tmp_path):
    page = run("autograder", "doctor", "--course", str(tmp_path)).stdout
    assert (f"MISSING course: {tmp_path}: assignments backprop, perceptron, training; solutions "
            "for none; no solutions/ for backprop, perceptron, training") in page
    assert "fix: put each assignment's solutions/NAME/ here" in page


def test_grade_without_a_sandbox_prints_the_verdict_before_incomplete(monkeypatch, capsys):
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "none")
    code = main(["grade", str(CORRECT), "--results", str(REFERENCE_RESULTS), "--seed", "1",
                 "--course", str(ROOT)])
    err = capsys.readouterr().err.splitlines()
    assert code == 4
    assert err[-2].startswith("autograder: no sandbox here: none: bubblewrap was not used "
                              "(AUTOGRADER_SANDBOX=none); the grader runs as ")
    assert err[-2].endswith("fix: unset AUTOGRADER_SANDBOX (`autograder doctor` tells more)")
    assert err[-1].startswith("autograder: INCOMPLETE: hidden checks not run")


def test_batch_without_a_sandbox_prints_the_verdict(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "none")
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CORRECT, folder / "alice.py")
    shutil.copy(REFERENCE_RESULTS, folder / "alice_results.txt")
    assert main(["batch", str(folder), "--out", str(tmp_path / "out"), "--course", str(ROOT),
                 "--quiet", "--jobs", "1"]) == 4
    err = capsys.readouterr().err
    assert err.count("autograder: no sandbox here: none: bubblewrap was not used") == 1
    assert "fix: unset AUTOGRADER_SANDBOX" in err


def test_trusted_grading_prints_no_verdict(capsys):
    assert main(["grade", str(CORRECT), "--results", str(REFERENCE_RESULTS), "--seed", "1",
                 "--course", str(ROOT), "--unsafe-no-sandbox"]) == 0
    assert "no sandbox here" not in capsys.readouterr().err


def test_a_test_that_needs_a_missing_part_skips_saying_what_to_install(without_bwrap):
    done = run("pytest", "-q", "-rs", "-p", "no:cacheprovider", NEEDS_BUBBLEWRAP,
               path=without_bwrap)
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert ("needs the sandbox, bubblewrap, which does not work here (bwrap is not installed): "
            "apt-get install bubblewrap") in done.stdout


def test_under_ci_a_missing_part_fails_the_test_and_says_why(without_bwrap):
    done = run("pytest", "-q", "-p", "no:cacheprovider", NEEDS_BUBBLEWRAP, path=without_bwrap,
               CI="true")
    assert done.returncode == 1
    assert "1 error" in done.stdout  # at setup, before the test runs
    assert ("CI=true, and the test needs the sandbox, bubblewrap, which does not work here "
            "(bwrap is not installed)") in done.stdout
