"""The package as an index would get it: the sdist and wheel that the release workflow
builds, their metadata, what they hold, and the sdist installed where nothing of the
course is around."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path, PurePosixPath

import pytest
import trove_classifiers
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
HOME = "https://github.com/backprop-lab/backprop-lab"
# What never leaves the course repository: the reference, the student notebooks, the tests
# with their corpus of submissions, the benchmarks.
PRIVATE = {"solutions", "assignments", "tests", "bench", "mistakes"}


def source_version() -> str:
    """`__version__` as autograder/__init__.py states it, the one place it is set."""
    tree = ast.parse((ROOT / "autograder" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
                "__version__"]:
            value = ast.literal_eval(node.value)
            assert isinstance(value, str)
            return value
    raise AssertionError("autograder/__init__.py sets no __version__")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """dist/ as the release workflow's `python -m build` makes it, built once."""
    out = tmp_path_factory.mktemp("release") / "dist"
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    return out


def sdist_of(dist: Path) -> Path:
    (sdist,) = dist.glob("backprop_lab-*.tar.gz")
    return sdist


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("backprop_lab-*-py3-none-any.whl")
    return wheel


def sdist_names(dist: Path) -> list[str]:
    """The sdist's files, without its top folder backprop_lab-VERSION/."""
    with tarfile.open(sdist_of(dist)) as archive:
        return [str(PurePosixPath(*PurePosixPath(n).parts[1:])) for n in archive.getnames()
                if len(PurePosixPath(n).parts) > 1]


def wheel_names(dist: Path) -> list[str]:
    return zipfile.ZipFile(wheel_of(dist)).namelist()


def wheel_metadata(dist: Path) -> Message:
    wheel = zipfile.ZipFile(wheel_of(dist))
    (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return Parser().parsestr(wheel.read(name).decode("utf-8"))


def sdist_metadata(dist: Path) -> Message:
    with tarfile.open(sdist_of(dist)) as archive:
        member = archive.extractfile(f"{sdist_of(dist).name[:-len('.tar.gz')]}/PKG-INFO")
        assert member is not None
        return Parser().parsestr(member.read().decode("utf-8"))


def test_both_are_built_with_the_version_of_autograder_init(dist):
    version = source_version()
    assert sdist_of(dist).name == f"backprop_lab-{version}.tar.gz"
    assert wheel_of(dist).name == f"backprop_lab-{version}-py3-none-any.whl"
    assert wheel_metadata(dist)["Version"] == sdist_metadata(dist)["Version"] == version


def test_twine_check_strict_passes_on_both(dist):
    files = [str(sdist_of(dist)), str(wheel_of(dist))]
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2, checked.stdout


@pytest.mark.parametrize("read", [wheel_metadata, sdist_metadata], ids=["wheel", "sdist"])
def test_the_metadata_is_complete_for_an_index(dist, read):
    meta = read(dist)
    assert meta["Name"] == "backprop-lab"
    assert meta["Summary"]
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL", []))
    assert urls["Homepage"] == HOME and urls["Issues"] == f"{HOME}/issues"
    assert meta["Requires-Python"] == ">=3.10"
    classifiers = meta.get_all("Classifier", [])
    # PyPI refuses an upload with a classifier it does not know
    assert [c for c in classifiers if c not in trove_classifiers.classifiers] == []
    assert "Intended Audience :: Education" in classifiers
    # the page's long description is README, rendered as Markdown
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload().strip() == (ROOT / "README.md").read_text(encoding="utf-8").strip()
    # every runtime dependency keeps its lower bound
    runtime = [r for r in meta.get_all("Requires-Dist", []) if "extra ==" not in r]
    assert {re.split(r"[<>=!~ ]", r)[0] for r in runtime} >= {"numpy", "nbformat"}
    assert [r for r in runtime if ">=" not in r] == []


def test_both_carry_the_license(dist):
    wheel = zipfile.ZipFile(wheel_of(dist))
    (license_file,) = [n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
    assert wheel.read(license_file).decode().startswith("MIT License")
    assert "LICENSE" in sdist_names(dist)


def private_parts(names: list[str]) -> list[str]:
    return [n for n in names
            if PRIVATE & set(PurePosixPath(n).parts) or n.endswith(".ipynb")]


def test_the_wheel_holds_the_engine_and_nothing_of_the_course(dist):
    names = wheel_names(dist)
    for needed in ("autograder/cli.py", "autograder/suites/training.py",
                   "autograder/datasets/iris.csv", "autograder/datasets/pima.csv",
                   "autograder/demo/backprop_demo.py", "autograder/demo/results.txt"):
        assert needed in names
    assert private_parts(names) == []


def test_the_sdist_holds_what_builds_the_wheel_and_nothing_of_the_course(dist):
    names = sdist_names(dist)
    for needed in ("pyproject.toml", "README.md", "LICENSE", "autograder/cli.py",
                   "datasets/iris.csv", "datasets/pima.csv", "autograder/demo/backprop_demo.py"):
        assert needed in names
    assert private_parts(names) == []


def test_the_sdist_installs_and_runs_in_a_fresh_venv(dist, tmp_path):
    """Installed from the sdist alone, far from the course: no solutions/, no PYTHONPATH."""
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "AUTOGRADER_COURSE", "AUTOGRADER_SANDBOX")}
    installed = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q",
                                str(sdist_of(dist))],
                               cwd=tmp_path, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout[-4000:] + installed.stderr[-4000:]

    where = subprocess.run([str(bin_dir / "python"), "-c",
                            "import autograder; print(autograder.__file__); "
                            "print(autograder.__version__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    module, version = where.stdout.splitlines()
    assert Path(module).is_relative_to(tmp_path / "venv")
    assert version == source_version()

    helped = subprocess.run([str(bin_dir / "autograder"), "--help"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert helped.returncode == 0, helped.stderr
    for command in ("grade", "check", "batch", "release", "gradescope", "demo"):
        assert command in helped.stdout

    demo = subprocess.run([str(bin_dir / "autograder"), "demo"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    # 4 only where a course is found and no sandbox isolates; here there is no course
    assert demo.returncode in (0, 4), demo.stdout + demo.stderr
    first = demo.stdout.splitlines()[0]
    assert first.startswith("backprop: ") and str(tmp_path / "venv") in first, first
    # the demo's one mistake is found, and Iris (a dataset of the package) is trained on
    assert re.search(r"^calculate_deltas: 0/\d+$", demo.stdout, re.MULTILINE), demo.stdout
    assert "PASS learns Iris" in demo.stdout
    assert re.search(r"^score: \d+/\d+ \(public checks only\)", demo.stdout, re.MULTILINE)
    # and it says why the hidden checks were not run: there is no reference here
    assert "needs the reference solutions/backprop/backprop.ipynb" in demo.stderr


def workflow() -> dict:
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def runs(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_the_release_workflow_runs_on_version_tags_only():
    flow = workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers == {"push": {"tags": ["v*"]}}
    # the token that publishes exists only in the publish job
    assert flow["permissions"] == {"contents": "read"}


def test_the_release_workflow_builds_checks_and_then_publishes():
    jobs = workflow()["jobs"]
    build, publish = jobs["build"], jobs["publish"]
    commands = runs(build)
    built = next(i for i, c in enumerate(commands) if "python -m build" in c)
    checked = next(i for i, c in enumerate(commands) if "twine check --strict dist/*" in c)
    tag = next(i for i, c in enumerate(commands) if "GITHUB_REF_NAME" in c)
    uploaded = next(i for i, s in enumerate(build["steps"])
                    if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert built < checked < uploaded and built < tag < uploaded
    assert "id-token" not in build.get("permissions", {})

    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    environment = publish["environment"]
    assert (environment["name"] if isinstance(environment, dict) else environment) == "pypi"
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in uses)
    # trusted publishing: no token or password is handed to the action
    for step in publish["steps"]:
        assert not {"password", "user"} & set(step.get("with", {}))
    download = next(s for s in publish["steps"]
                    if s.get("uses", "").startswith("actions/download-artifact@"))
    upload = build["steps"][uploaded]
    assert download["with"]["name"] == upload["with"]["name"]
    assert download["with"]["path"].rstrip("/") == "dist"


def tag_check(dist: Path, tag: str) -> subprocess.CompletedProcess[str]:
    """The workflow's tag check, run as GitHub runs a step (bash -e) beside dist/."""
    (script,) = [c for c in runs(workflow()["jobs"]["build"]) if "GITHUB_REF_NAME" in c]
    env = {**os.environ, "GITHUB_REF_NAME": tag}
    return subprocess.run(["bash", "-e", "-c", script], cwd=dist.parent, env=env,
                          capture_output=True, text=True)


def test_the_release_stops_when_the_tag_is_not_the_version(dist):
    version = source_version()
    matching = tag_check(dist, f"v{version}")
    assert matching.returncode == 0, matching.stdout + matching.stderr
    assert f"publishing backprop-lab {version}" in matching.stdout
    other = tag_check(dist, "v99.0.0")
    assert other.returncode != 0
    assert "tag v99.0.0 is not the package's version" in other.stdout
    assert sdist_of(dist).name in other.stdout
