"""The Gradescope bundle, unpacked as Gradescope does and run on submissions.

Gradescope unpacks the zip into /autograder/source, copies run_autograder to /autograder,
puts the student's files in /autograder/submission and reads
/autograder/results/results.json. Here that root is tmp_path, and run_autograder runs
the bundled engine with this venv's Python (setup.sh is not run: it installs from the
network).
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.bundle import build

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "autograder" / "demo"
SEED = 20240917
NOTHING = "no notebook found in your submission; submit backprop.ipynb and results.txt"
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return build(ROOT, tmp_path_factory.mktemp("bundle") / "autograder.zip")


@pytest.fixture
def autograder_root(tmp_path, bundle) -> Path:
    """/autograder as Gradescope lays it out, with an empty submission folder."""
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            extracted = Path(archive.extract(info, tmp_path / "source"))
            extracted.chmod(info.external_attr >> 16 & 0o777)
    shutil.copy2(tmp_path / "source" / "run_autograder", tmp_path / "run_autograder")
    (tmp_path / "submission").mkdir()
    (tmp_path / "results").mkdir()
    return tmp_path


def run_autograder(root: Path, python: str = sys.executable) -> dict:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": python,
           "AUTOGRADER_SEED": str(SEED)}
    run = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    check_schema(results)
    return results


def check_schema(results: dict) -> None:
    """The fields of Gradescope's results.json that the bundle promises."""
    assert isinstance(results["score"], (int, float))
    assert isinstance(results["execution_time"], (int, float))
    assert isinstance(results["output"], str)
    for test in results["tests"]:
        assert isinstance(test["name"], str) and test["name"]
        assert isinstance(test["score"], (int, float))
        assert isinstance(test["max_score"], (int, float))
        assert test["status"] in {"passed", "failed"}
        assert isinstance(test["output"], str)
        assert test["visibility"] in VISIBILITY


def graded_by_cli(submission: Path, results: Path) -> dict:
    """What `autograder grade` says of the same file with the same seed."""
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission),
                          "--results", str(results), "--seed", str(SEED), "--format", "json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def outcomes(results: dict) -> list[tuple]:
    return [(t["name"], t["score"], t["status"]) for t in results["tests"]]


def test_bundle_holds_engine_solutions_and_scripts(bundle):
    with zipfile.ZipFile(bundle) as archive:
        infos = {info.filename: info for info in archive.infolist()}
        requirements = archive.read("engine/requirements.txt").decode()
    names = set(infos)
    assert {name.split("/")[0] for name in names} == {
        "setup.sh", "run_autograder", "engine", "solutions"}
    for script in ("setup.sh", "run_autograder"):
        assert infos[script].external_attr >> 16 & 0o111 == 0o111
    assert {"solutions/backprop/backprop.ipynb", "solutions/backprop/results.txt",
            "engine/autograder/cli.py", "engine/autograder/run/harness.py",
            "engine/autograder/datasets/__init__.py", "engine/autograder/datasets/iris.csv",
            "engine/autograder/demo/backprop_demo.py"} <= names
    assert any(name.startswith("solutions/backprop/mistakes/") for name in names)
    assert not any(part in {"tests", ".git", ".venv", "__pycache__", "assignments"}
                   for name in names for part in name.split("/"))
    assert not any(name.endswith(".pyc") for name in names)
    for package in ("numpy", "nbformat", "matplotlib"):
        assert package in requirements
    if sys.version_info >= (3, 11):
        import tomllib

        declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        assert requirements.splitlines() == declared["dependencies"]


def test_setup_script_installs_what_grading_needs(bundle, tmp_path):
    with zipfile.ZipFile(bundle) as archive:
        setup = archive.extract("setup.sh", tmp_path)
    assert subprocess.run(["bash", "-n", setup]).returncode == 0
    text = Path(setup).read_text()
    assert text.startswith("#!/usr/bin/env bash")
    install = next(line for line in text.splitlines() if "apt-get install" in line)
    assert {"python3", "python3-venv", "python3-pip", "bubblewrap"} <= set(install.split())
    assert "-m venv" in text
    assert "pip install" in text and "/autograder/source/engine/requirements.txt" in text


def test_bundled_engine_is_the_one_that_runs(autograder_root):
    """The bundle's engine imports on its own, datasets included, ahead of this checkout."""
    engine = autograder_root / "source" / "engine"
    probe = ("import autograder, autograder.datasets as d; "
             "print(autograder.__file__); print(d.__file__); print(len(d.load_iris()[0]))")
    run = subprocess.run([sys.executable, "-c", probe], cwd=engine, capture_output=True,
                         text=True, env={"PYTHONPATH": str(engine)}, timeout=60)
    assert run.returncode == 0, run.stderr
    package, datasets, rows = run.stdout.split()
    assert Path(package).is_relative_to(engine) and Path(datasets).is_relative_to(engine)
    assert rows == "150"


@pytest.mark.needs("sandbox")  # Gradescope grades as students are graded
def test_demo_scores_as_the_cli_does_with_hidden_checks(autograder_root):
    for name in ("backprop_demo.py", "results.txt"):
        shutil.copy(DEMO / name, autograder_root / "submission" / name)
    results = run_autograder(autograder_root)
    expected = graded_by_cli(DEMO / "backprop_demo.py", DEMO / "results.txt")
    assert results["score"] == expected["score"]
    assert 0 < results["score"] < 100
    assert outcomes(results) == outcomes(expected)
    assert any("hidden" in test["name"] for test in results["tests"])
    assert "public checks only" not in results["output"]


@pytest.mark.needs("sandbox")  # Gradescope grades as students are graded
def test_corpus_file_is_diagnosed(autograder_root, reference_results):
    """A known mistake, with results.txt elsewhere in the submission: the catalog of
    mistakes travelled with the bundle, so the feedback names it."""
    submission = ROOT / "tests" / "submissions" / "output_delta_sign.py"
    shutil.copy(submission, autograder_root / "submission")
    (autograder_root / "submission" / "outputs").mkdir()
    shutil.copy(reference_results, autograder_root / "submission" / "outputs" / "results.txt")
    results = run_autograder(autograder_root)
    assert results["score"] == graded_by_cli(submission, reference_results)["score"]
    assert any("hint:" in test["output"] for test in results["tests"])


@pytest.mark.needs("sandbox")  # Gradescope grades as students are graded
def test_assignment_notebook_is_chosen(autograder_root, reference, reference_results):
    """backprop.ipynb wins over other notebooks and Python files, however deep it is."""
    folder = autograder_root / "submission" / "hw"
    folder.mkdir()
    shutil.copy(reference, folder / "backprop.ipynb")
    shutil.copy(reference_results, folder / "results.txt")
    (autograder_root / "submission" / "scratch.ipynb").write_text("{}")
    (autograder_root / "submission" / "helper.py").write_text("x = 1\n")
    results = run_autograder(autograder_root)
    assert (results["score"], results["max_score"]) == (100, 100)


@pytest.mark.parametrize("files, message", [
    ({}, NOTHING),
    ({"results.txt": "{}"}, NOTHING),
    ({"a.ipynb": "{}", "b.ipynb": "{}"}, "cannot tell which file to grade (a.ipynb, b.ipynb)"),
])
def test_nothing_gradable_scores_zero_with_a_message(autograder_root, files, message):
    for name, text in files.items():
        (autograder_root / "submission" / name).write_text(text)
    results = run_autograder(autograder_root)
    assert results["score"] == 0 and results["tests"] == []
    assert message in results["output"]


def test_broken_engine_still_leaves_results(autograder_root):
    shutil.copy(DEMO / "backprop_demo.py", autograder_root / "submission")
    results = run_autograder(autograder_root, python=str(autograder_root / "no-python"))
    assert results["score"] == 0
    assert "the autograder failed" in results["output"]


LINKED = ("backprop.ipynb is a link to a file outside your submission: not graded")


@pytest.mark.parametrize("absolute", [False, True])
def test_a_link_to_the_reference_is_not_graded_as_the_students(autograder_root, absolute):
    """Students may submit from GitHub, which keeps links: the reference sits beside the
    submission, in ../source/solutions/."""
    submission = autograder_root / "submission"
    reference = Path("../source/solutions/backprop/backprop.ipynb")
    (submission / "backprop.ipynb").symlink_to(
        (submission / reference).resolve() if absolute else reference)
    (submission / "results.txt").symlink_to("../source/solutions/backprop/results.txt")
    results = run_autograder(autograder_root)
    assert (results["score"], results["tests"]) == (0, [])
    assert results["output"] == f"{LINKED}; {NOTHING}"


def test_a_named_pipe_is_not_opened_and_a_deep_tree_is_not_walked_to_its_end(autograder_root):
    submission = autograder_root / "submission"
    os.mkfifo(submission / "backprop.ipynb")
    deep = submission
    for _ in range(1200):
        deep = deep / "d"
        os.mkdir(deep)
    (deep / "hidden.py").write_text("x = 1\n")
    results = run_autograder(autograder_root)
    assert (results["score"], results["tests"]) == (0, [])
    assert results["output"] == f"backprop.ipynb is not a regular file: not graded; {NOTHING}"
    (deep / "hidden.py").unlink()
    while deep != submission:  # rmtree recurses once a level
        os.rmdir(deep)
        deep = deep.parent


def test_another_file_is_graded_and_the_student_told_why(autograder_root):
    submission = autograder_root / "submission"
    (submission / "backprop.ipynb").symlink_to("../source/solutions/backprop/backprop.ipynb")
    (submission / "mine").mkdir()
    (submission / "mine" / "work.py").write_text("x = 1\n")
    results = run_autograder(autograder_root)
    assert results["score"] == 0 and results["tests"]
    assert results["output"].startswith(f"{LINKED}\n\n")
    assert "none of the assignment's functions is defined" in results["output"]


@pytest.mark.needs("sandbox")  # Gradescope grades as students are graded
def test_a_link_inside_the_submission_is_the_students_own(autograder_root, reference,
                                                          reference_results):
    submission = autograder_root / "submission"
    (submission / "work").mkdir()
    shutil.copy(reference, submission / "work" / "final.ipynb")
    shutil.copy(reference_results, submission / "work" / "results.txt")
    (submission / "backprop.ipynb").symlink_to("work/final.ipynb")
    results = run_autograder(autograder_root)
    assert (results["score"], results["max_score"]) == (100, 100)
    assert "not graded" not in results["output"]
