"""The engine stays ruff- and mypy-clean: CI proves it with the rest of the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_ruff_finds_nothing():
    checked = run("ruff", "check", "--no-cache", ".")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_mypy_finds_nothing_in_the_engine():
    checked = run("mypy", "autograder", "--ignore-missing-imports", "--no-incremental")
    assert checked.returncode == 0, checked.stdout + checked.stderr
