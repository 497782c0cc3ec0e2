"""The Gradescope autograder bundle: one zip an instructor uploads to grade on Gradescope.

Gradescope unpacks the zip into /autograder/source, runs setup.sh once (as root, on its
Ubuntu image) to build the grading image, then for each submission runs run_autograder,
which must leave /autograder/results/results.json. The zip holds:

    setup.sh                 apt: python3, venv, pip, bubblewrap; a venv with the engine's
                             dependencies; then `autograder demo` as a smoke test
    run_autograder           finds the submission, runs `autograder grade`, and always
                             leaves a results.json
    engine/autograder/       the engine's source, autograder.datasets placed inside it
    engine/requirements.txt  the engine's dependencies
    solutions/ASSIGNMENT/    the reference, its results.txt and the catalog of mistakes

The engine is not pip-installed: run_autograder puts engine/ on PYTHONPATH and runs the
venv's Python from there. That needs no build step and no packaging metadata, and it is
why datasets are copied into the package folder (the repo maps them in with package-dir).
"""

from __future__ import annotations

import importlib.util
import zipfile
from importlib.metadata import PackageNotFoundError, requires
from pathlib import Path

from autograder.suites import get_suite

VENV = "/opt/backprop-lab"  # the grading Python; outside /root, so that nobody can run it
# Every package of the engine. The repo maps autograder.datasets in from datasets/, so an
# editable install's autograder folder lacks it: each package is located on its own.
PACKAGES = ("autograder", "autograder.datasets")
SKIPPED = {"__pycache__", ".ipynb_checkpoints", ".DS_Store", ".git"}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the same inputs give the same zip, byte for byte

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the grading image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip bubblewrap
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10) and
    "backprop-lab needs Python 3.10 or later: choose the Ubuntu 22.04 base image")'
python3 -m venv {venv}
{venv}/bin/pip install --no-cache-dir -r /autograder/source/engine/requirements.txt
# Smoke test: grade the bundled demo (this also builds matplotlib's font cache).
cd /autograder/source/engine
PYTHONPATH=/autograder/source/engine {venv}/bin/python -m autograder demo \\
    --course /autograder/source > /dev/null
"""

RUN_AUTOGRADER = '''\
#!/usr/bin/env python3
"""Gradescope runs this for each submission: grade it, and always leave a results.json.

AUTOGRADER_ROOT (default /autograder), AUTOGRADER_PYTHON (default: the venv setup.sh
made) and AUTOGRADER_SEED (default: a fresh draw of hidden cases) are for testing.
"""
import fnmatch
import json
import os
import stat
import subprocess
import sys
import time
import traceback
from pathlib import Path

ASSIGNMENT = __ASSIGNMENT__
ROOT = Path(os.environ.get("AUTOGRADER_ROOT", "/autograder"))
PYTHON = os.environ.get("AUTOGRADER_PYTHON", __PYTHON__)
SEED = os.environ.get("AUTOGRADER_SEED")
SOURCE, SUBMISSION, RESULTS = ROOT / "source", ROOT / "submission", ROOT / "results"
OUTPUT = RESULTS / "results.json"
ASK = __ASK__
MAX_DEPTH, MAX_ENTRIES = 16, 10000  # a real submission is a few files, 1 to 3 deep


def walk():
    """Every file in the submission folder (links and special files too), shallowest
    first: searched iteratively, at most MAX_DEPTH deep and MAX_ENTRIES entries, never
    through a link to a folder, skipping hidden folders and editor or OS debris
    (.ipynb_checkpoints, __MACOSX)."""
    files, pending, seen = [], [(SUBMISSION, 0)], 0
    while pending and seen <= MAX_ENTRIES:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    seen += 1
                    if seen > MAX_ENTRIES:
                        break
                    if entry.name.startswith((".", "__")):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if depth < MAX_DEPTH:
                            pending.append((Path(entry.path), depth + 1))
                    elif not (entry.is_symlink() and os.path.isdir(entry.path)):
                        files.append(Path(entry.path))
        except OSError:
            continue
    return sorted(files, key=lambda p: (len(p.parts), str(p)))


def refusal(path):
    """Why a file of the submission is not read for the student ("" if it is): only a
    regular file, or a link that stays inside the submission, is. A link to
    ../source/solutions/ is the reference, not the student's work."""
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(SUBMISSION.resolve()):
                return "is a link to a file outside your submission"
            mode = target.stat().st_mode
    except (OSError, RuntimeError):
        return "is a link to nothing"
    return "" if stat.S_ISREG(mode) else "is not a regular file"


def found(files, pattern):
    """The files whose name matches, each with why it may not be read ("" if it may)."""
    return [(p, refusal(p)) for p in files if fnmatch.fnmatchcase(p.name, pattern)]


def choose(files):
    """The file to grade, or None; and what the student is told. A file that cannot be
    read does not count: another one may be chosen, and the student is told why."""
    refused = [str(p.relative_to(SUBMISSION)) + " " + why for pattern in ("*.ipynb", "*.py")
               for p, why in found(files, pattern) if why]
    told = "; ".join(refused) + ": not graded" if refused else ""
    named = [p for p, why in found(files, ASSIGNMENT + ".ipynb") if not why]
    if named:
        return named[0], told
    for pattern in ("*.ipynb", "*.py"):
        candidates = [p for p, why in found(files, pattern) if not why]
        if len(candidates) == 1:
            return candidates[0], told
        if candidates:
            names = ", ".join(str(p.relative_to(SUBMISSION)) for p in candidates)
            return None, "cannot tell which file to grade (" + names + "); " + ASK
    return None, (told + "; " if told else "") + "no notebook found in your submission; " + ASK


def results_txt(submission, files):
    """The student's results.txt: beside the submission, else anywhere in the submission
    (a link resolved to its target)."""
    candidates = [p for p, why in found(files, "results.txt") if not why]
    beside = [p for p in candidates if p.parent == submission.parent]
    chosen = (beside or candidates or [None])[0]
    return chosen.resolve() if chosen is not None else None


def write_zero(message, started):
    OUTPUT.write_text(json.dumps({"score": 0, "execution_time": seconds_since(started),
                                  "output": message, "stdout_visibility": "visible",
                                  "tests": []}, indent=2) + "\\n")


def seconds_since(started):
    return round(time.monotonic() - started, 3)


def grade(submission, files, note, started):
    # The link's target, which choose() found inside the submission: nothing follows it again.
    command = [PYTHON, "-m", "autograder", "grade", str(submission.resolve()),
               "--course", str(SOURCE), "--assignment", ASSIGNMENT, "--format", "json",
               "--output", str(OUTPUT)]
    results = results_txt(submission, files)
    if results is not None:
        command += ["--results", str(results)]
    if SEED:
        command += ["--seed", SEED]
    engine = SOURCE / "engine"
    print("grading", submission.relative_to(SUBMISSION), flush=True)
    run = subprocess.run(command, cwd=engine, env={**os.environ, "PYTHONPATH": str(engine)},
                         stderr=subprocess.PIPE, text=True)
    sys.stderr.write(run.stderr)
    try:
        graded = json.loads(OUTPUT.read_text())
    except (OSError, ValueError):
        tail = "\\n".join(run.stderr.strip().splitlines()[-5:])
        write_zero("the autograder failed (exit " + str(run.returncode) + "); please tell "
                   "your instructor\\n" + tail, started)
        return
    if note:  # a file that was not read: the student learns why another one was graded
        graded["output"] = note + "\\n\\n" + graded.get("output", "")
    # The engine times its own grading of the file; Gradescope is shown the whole of it:
    # the submission looked for, the engine started, the reference's answers computed, the
    # file loaded, run, judged and reported.
    graded["execution_time"] = seconds_since(started)
    OUTPUT.write_text(json.dumps(graded, indent=2) + "\\n")


def main():
    started = time.monotonic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if OUTPUT.exists():
        OUTPUT.unlink()
    try:
        files = walk()
        submission, why_not = choose(files)
        if why_not:
            print(why_not)
        if submission is None:
            write_zero(why_not, started)
        else:
            grade(submission, files, why_not, started)
    except Exception as error:  # the student must get a results.json, whatever happened
        traceback.print_exc()
        write_zero("the autograder failed: " + repr(error) + "; please tell your instructor",
                   started)


if __name__ == "__main__":
    main()
'''


def package_folder(name: str) -> Path:
    """Where a package's files are, wherever its distribution put them."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the engine's package {name} cannot be found")
    return Path(list(spec.submodule_search_locations)[0])


def tree(folder: Path, prefix: str) -> dict[str, Path]:
    """Name in the zip -> file, for every file under folder but caches and checkpoints."""
    return {f"{prefix}/{path.relative_to(folder).as_posix()}": path
            for path in sorted(folder.rglob("*"))
            if path.is_file() and path.suffix != ".pyc"
            and not SKIPPED & set(path.relative_to(folder).parts)}


def engine_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for name in PACKAGES:  # in an ordinary install datasets is found twice: same names
        files |= tree(package_folder(name), "engine/" + name.replace(".", "/"))
    return files


def dependencies() -> list[str]:
    """The engine's runtime requirements: from pyproject.toml when the engine runs from a
    checkout (installed metadata lags behind it until the next install), else from the
    installed distribution."""
    pyproject = package_folder("autograder").parent / "pyproject.toml"
    try:
        import tomllib  # Python 3.11+
    except ImportError:
        tomllib = None  # type: ignore[assignment]
    if tomllib is not None and pyproject.is_file():
        return list(tomllib.loads(pyproject.read_text())["project"]["dependencies"])
    try:
        return [d for d in requires("backprop-lab") or [] if "extra ==" not in d]
    except PackageNotFoundError:
        raise ModuleNotFoundError("the engine's dependencies are unknown: build the bundle "
                                  "from a checkout or an installed backprop-lab") from None


def _add(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def build(course: Path, out: Path, assignment: str = "backprop") -> Path:
    """Write the Gradescope bundle for one assignment of the course to `out`; return it.

    From the course only solutions/ASSIGNMENT/ is taken: the hidden checks and the
    diagnosis need it, and nothing else of the course (tests, .git, venvs) belongs there.
    """
    suite = get_suite(assignment)  # KeyError: no such assignment
    solution = Path(suite.solution)
    if not (Path(course) / solution).is_file():
        raise FileNotFoundError(f"no reference notebook {Path(course) / solution}: give the "
                                "course directory that holds solutions/")
    files = {**engine_files(), **tree(Path(course) / solution.parent, solution.parent.as_posix())}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as archive:
        _add(archive, "setup.sh", SETUP_SH.format(venv=VENV).encode(), executable=True)
        run = RUN_AUTOGRADER.replace("__ASSIGNMENT__", repr(assignment))
        run = run.replace("__PYTHON__", repr(f"{VENV}/bin/python"))
        ask = f"submit {assignment}.ipynb" + (" and results.txt" if suite.reads_results else "")
        run = run.replace("__ASK__", repr(ask))
        _add(archive, "run_autograder", run.encode(), executable=True)
        _add(archive, "engine/requirements.txt", "\n".join([*dependencies(), ""]).encode())
        for name, path in sorted(files.items()):
            _add(archive, name, path.read_bytes())
    return out
