"""Throughput of `autograder batch`: a class made from the test corpora, graded with 1 and 2 jobs.

The class cycles through the correct, the buggy and the hostile submissions of tests/
(each a student of its own, with the reference's results.txt beside the first two kinds)
until it has --count students, the hostile ones spread evenly through the class.
`--hostile-share 0` leaves the hostile ones out; the hostile mix of issue 6 is
`--hostile-share 0.1 --hangs-only`, whose hostile students all
hang until the wall limit. For each --jobs, the whole batch runs as one process and its
wall time, students per second and the largest peak RSS of any process in the batch
(the grader or one of its children) are printed, with the gradings that took longest and
the share of the class's grading time the hostile students took; then the scaling from the
first --jobs to the others, measured, and as it would be on free cores: the first run's
gradings, in the class's order, dealt to N jobs as each job frees (what the hostile tail
costs, apart from the contention of a shared machine).

    python bench/throughput.py [--count 100] [--jobs 1 2] [--hostile-share 0.1]
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
RESULTS = ROOT / "solutions" / "backprop" / "results.txt"
HANGS = ("loop_at_import.py", "loop_in_function.py", "sleep_past_limit.py",
         "ignore_signals_loop.py")


def make_class(folder: Path, count: int, hostile_share: float, hangs_only: bool) -> dict:
    honest = sorted((TESTS / "submissions").glob("*.py"))
    hostile = [p for p in sorted((TESTS / "hostile").glob("*.py"))
               if not hangs_only or p.name in HANGS]
    n_hostile = round(count * hostile_share)
    chosen = list(itertools.islice(itertools.cycle(honest), count - n_hostile))
    # Spread through the class (students are graded in the order of their names), as a
    # real class's would be: all of them last would leave one job alone at the end.
    for k, source in enumerate(itertools.islice(itertools.cycle(hostile), n_hostile)):
        chosen.insert(min(len(chosen), (2 * k + 1) * count // (2 * n_hostile)), source)
    for number, source in enumerate(chosen):
        student = f"s{number:03d}_{source.stem}"
        shutil.copy(source, folder / f"{student}.py")
        if source.parent.name == "submissions":
            shutil.copy(RESULTS, folder / f"{student}_results.txt")
    return {"students": len(chosen), "hostile": n_hostile}


def run_batch(folder: Path, out: Path, jobs: int, extra: list[str]) -> tuple[float, int]:
    command = [sys.executable, "-m", "autograder", "batch", str(folder), "--out", str(out),
               "--course", str(ROOT), "--jobs", str(jobs), "--seed", "1", *extra]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:  # its progress bar is left out; what went wrong is not
        sys.exit(f"autograder batch failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def gradings(out: Path) -> dict[str, float]:
    """Each student's grading seconds in a batch's output, in the class's order."""
    return dict(sorted((path.stem, json.loads(path.read_text())["execution_time"])
                       for path in (out / "results").glob("*.json")))


def longest(seconds: dict[str, float], count: int = 5) -> tuple[list[tuple[str, float]], float,
                                                                 float]:
    """The `count` longest gradings, and the seconds of all gradings of hostile students and
    of the others."""
    hostile = {name for name in seconds if (TESTS / "hostile" / f"{name[5:]}.py").is_file()}
    ranked = sorted(seconds.items(), key=lambda item: -item[1])[:count]
    return (ranked, sum(seconds[n] for n in hostile),
            sum(t for n, t in seconds.items() if n not in hostile))


def dealt(seconds: list[float], jobs: int) -> float:
    """The wall time of gradings taken in order by `jobs` workers, each as it frees."""
    free = [0.0] * jobs
    for grading in seconds:
        free[free.index(min(free))] += grading
    return max(free)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--hostile-share", type=float, default=0.1)
    parser.add_argument("--hangs-only", action="store_true")
    parser.add_argument("--feedback", action="store_true")
    args, extra = parser.parse_known_args()
    extra += ["--feedback"] if args.feedback else []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "class"
        folder.mkdir()
        made = make_class(folder, args.count, args.hostile_share, args.hangs_only)
        print(f"class: {made['students']} students, {made['hostile']} hostile"
              f"{' (all hanging)' if args.hangs_only else ''}; extra flags: {extra or 'none'}")
        walls, first_gradings = {}, None
        for jobs in args.jobs:
            seconds, peak_kib = run_batch(folder, Path(scratch) / f"out{jobs}", jobs, extra)
            walls[jobs] = seconds
            print(f"--jobs {jobs}: {seconds:.1f} s wall, {made['students'] / seconds:.2f} "
                  f"students/s, largest peak RSS of any "
                  f"process (grader or child) {peak_kib / 1024:.0f} MiB")
            seconds_of = gradings(Path(scratch) / f"out{jobs}")
            first_gradings = first_gradings or list(seconds_of.values())
            ranked, hostile, honest = longest(seconds_of)
            print(f"  gradings: hostile students {hostile:.1f} s in all, the others "
                  f"{honest:.1f} s; longest: "
                  + ", ".join(f"{name} {t:.1f} s" for name, t in ranked))
        first = args.jobs[0]
        for jobs in args.jobs[1:]:
            ideal = dealt(first_gradings, first) / dealt(first_gradings, jobs)
            print(f"scaling {first} -> {jobs} jobs: {walls[first] / walls[jobs]:.2f}x measured; "
                  f"{ideal:.2f}x on free cores (the --jobs {first} gradings dealt to {jobs} jobs)")


if __name__ == "__main__":
    main()
