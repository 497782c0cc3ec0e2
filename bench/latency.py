"""Latency of grading one submission, and where the time goes.

Prints the median of N whole-process runs of `autograder grade` (after one warm-up),
the floor of starting Python with numpy, and one run split into its phases: start-up
(imports, drawing the cases, the reference's answers), the submission's child (of which:
its code's calls, training among them), and judging.

In the same run, `nbgrader autograde` grades the same notebook in a temporary nbgrader
course made from the source notebook (its own grade cells; one submission), as a whole
process, median of --nbgrader-runs after a warm-up, and the ratio is printed.

    python bench/latency.py [SUBMISSION] [--runs 5] [--nbgrader-runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "solutions" / "backprop" / "backprop.ipynb"


def whole_process(command: list[str], runs: int) -> list[float]:
    subprocess.run(command, capture_output=True, check=False)  # warm-up: disk and font caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return times


NBGRADER_CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "bench"
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "__pycache__", "mistakes", "results.txt"]
"""


def nbgrader_autograde(submission: Path, runs: int) -> list[float]:
    """`nbgrader autograde` of one submission in a temporary course, whole process."""
    nbgrader = str(Path(sys.executable).with_name("nbgrader"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(root=str(root)))
        source = root / "source" / "backprop"
        source.mkdir(parents=True)
        shutil.copy(REFERENCE, source)
        shutil.copytree(REFERENCE.parent / "mistakes", source / "mistakes")
        subprocess.run([nbgrader, "generate_assignment", "backprop", "--force"], cwd=root,
                       env=env, capture_output=True, check=True)
        submitted = root / "submitted" / "student" / "backprop"
        submitted.mkdir(parents=True)
        shutil.copy(submission, submitted / "backprop.ipynb")
        if (submission.parent / "results.txt").is_file():
            shutil.copy(submission.parent / "results.txt", submitted)
        command = [nbgrader, "autograde", "backprop", "--force"]
        subprocess.run(command, cwd=root, env=env, capture_output=True, check=True)  # warm-up
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, cwd=root, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - started)
        return times


def phases(submission: Path) -> dict[str, float]:
    """One grading in one child (as a batch grades), split into its phases."""
    started = time.perf_counter()
    from autograder.checks import Converges
    from autograder.load import load
    from autograder.pipeline import Grader
    from autograder.run.child import run
    from autograder.suites import get_suite

    grader = Grader(get_suite("backprop"), REFERENCE)
    ready = time.perf_counter()
    outcome = run(load(submission).cells, grader.calls, grader.limits, grader.sandbox,
                  unneeded=grader.unneeded, timed=grader.timing)
    ran = time.perf_counter()
    grader.judge(load(submission), outcome, None)
    judged = time.perf_counter()
    training = [outcome.replies[i] for plan in grader.planned
                if isinstance(plan.check, Converges) for i in plan.calls]
    return {
        "start-up (imports, drawing cases, the reference's answers)": ready - started,
        "submission's child, whole": ran - ready,
        "  of which its calls": sum(r.seconds for r in outcome.replies),
        f"  of which training for the convergence checks ({sum(not r.skipped for r in training)}"
        f" of {len(training)} runs made)": sum(r.seconds for r in training),
        "judging": judged - ran,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submission", nargs="?", default=str(REFERENCE))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--nbgrader-runs", type=int, default=3,
                        help="0 leaves nbgrader out (it needs the instructor extra)")
    args = parser.parse_args()
    grade = [sys.executable, "-m", "autograder", "grade", args.submission]
    times = whole_process(grade, args.runs)
    floor = whole_process([sys.executable, "-c", "import numpy"], args.runs)
    print(f"submission: {args.submission}")
    print(f"grade, whole process: median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs)")
    print(f"floor, python -c 'import numpy': median {statistics.median(floor):.3f} s")
    for name, seconds in phases(Path(args.submission)).items():
        print(f"  {name}: {seconds:.3f} s")
    if args.nbgrader_runs and Path(args.submission).suffix == ".ipynb":
        theirs = nbgrader_autograde(Path(args.submission), args.nbgrader_runs)
        print(f"nbgrader autograde, whole process: median {statistics.median(theirs):.3f} s "
              f"(min {min(theirs):.3f}, {args.nbgrader_runs} runs); nbgrader / grade = "
              f"{statistics.median(theirs) / statistics.median(times):.1f}")


if __name__ == "__main__":
    main()
