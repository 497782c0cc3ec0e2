"""Paths and a session's grader for the perceptron assignment's tests."""

import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "perceptron"
SOURCE = ROOT / "solutions" / "perceptron" / "perceptron.ipynb"
STUDENT = ROOT / "assignments" / "perceptron" / "perceptron.ipynb"
CATALOG = ROOT / "solutions" / "perceptron" / "mistakes"
MISTAKES = sorted(CATALOG.glob("*.py"))
CORRECT = sorted(HERE.glob("correct_*.py"))
BASE = HERE / "correct_loops.py"  # a catalog entry appended to it makes a student's file
SEED = 20261123  # one fixed draw of hidden cases, so that a failure can be replayed

SCRIPT = Path(sys.executable).with_name("autograder")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "autograder"]


def autograder(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The `autograder` command as a user runs it."""
    return subprocess.run([*COMMAND, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def entry(path: Path) -> tuple[str, str]:
    """A catalog entry's FUNCTION and HINT."""
    namespace = runpy.run_path(str(path))
    return namespace["FUNCTION"], namespace["HINT"]


def with_mistake(path: Path, folder: Path) -> Path:
    """A student's file: the correct submission with one function replaced by the mistake."""
    submission = folder / f"{path.stem}.py"
    submission.write_text(BASE.read_text() + "\n\n" + path.read_text())
    return submission
