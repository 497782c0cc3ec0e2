"""What loading a hostile file costs the grader: time and peak memory of `load()`, before
and after loading was bounded, for each file of the hostile mix.

    .venv/bin/python bench/hostile_load.py [--timeout 60] [--before REV] [--only NAME ...]

Loading runs in the grader's process, before any limit applies to the student and holding
the GIL, so whatever it costs, every classmate graded alongside pays too. Each file is
loaded in a fresh process (a load that hangs is stopped after --timeout seconds); "before"
is autograder/load.py as of REV (default: the commit before this work), "after" the one
installed; numpy is imported first, as in the grader. Peak memory is how far the
process's resident size rose during the load (its peak RSS, reset before the load, less
its RSS before). The old magic regex is also timed on short lines of spaces,
and its time on longer ones extrapolated (it grows with the square of the line's length).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORRECT = (ROOT / "tests" / "submissions" / "correct_loops.py").read_text(encoding="utf-8")
BEFORE = "28cea21"  # the last commit with the unbounded loader
MIB = 2**20


def notebook(sources: list[str], **extra: object) -> dict:
    import nbformat

    data = json.loads(nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in sources])))
    data.update(extra)
    return data


def in_metadata(value: str) -> str:
    """A notebook of the correct code whose metadata holds `value`, raw JSON text."""
    return json.dumps(notebook([CORRECT], metadata={"x": "@"})).replace('"@"', value, 1)


def one_cell(size: int) -> str:
    data = notebook([""])
    data["cells"][0]["source"] = "x = 1\n" * (size // 7)
    return json.dumps(data)


def outputs(count: int) -> str:
    data = notebook([CORRECT])
    data["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}
                                   ] * count
    return json.dumps(data)


def many_cells(count: int) -> str:
    return json.dumps(notebook([], cells=[{"cell_type": "raw", "metadata": {}, "source": ""}]
                               * count))


HOSTILE: dict[str, Callable[[], str]] = {
    "spaces_1mb.ipynb": lambda: json.dumps(notebook([CORRECT, " " * MIB + "x"])),
    "spaces_200k.ipynb": lambda: json.dumps(notebook([CORRECT, " " * 199_999 + "x"])),
    "cells_220000.ipynb": lambda: many_cells(220_000),
    "deep_100000.ipynb": lambda: in_metadata("[" * 100_000 + "]" * 100_000),
    "integer_100000_digits.ipynb": lambda: in_metadata("9" * 100_000),
    "one_cell_20mib.ipynb": lambda: one_cell(20 * MIB - 4096),
    "code_20mib.py": lambda: "x = 1\n" * (20 * MIB // 6),
    "dicts_20mib.ipynb": lambda: in_metadata("[" + "{}," * ((20 * MIB - 8192) // 3) + "{}]"),
    "strings_20mib.ipynb": lambda: in_metadata('[' + '"",' * ((20 * MIB - 8192) // 3) + '""]'),
    "outputs_45000.ipynb": lambda: outputs(45_000),
    "cells_10000.ipynb": lambda: json.dumps(notebook([CORRECT] + [f"c{i} = {i}"
                                                                  for i in range(9_999)])),
    "reference.ipynb": lambda: (ROOT / "solutions" / "backprop" / "backprop.ipynb").read_text(
        encoding="utf-8"),
}


def measure(module: Path, path: Path) -> dict:
    """Load `path` with the loader in `module` (run in a fresh process)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("loader_under_test", module)
    assert spec and spec.loader
    loader = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loader  # its dataclasses look their module up
    spec.loader.exec_module(loader)
    import numpy  # noqa: F401  the grader has imported it before it loads a submission

    before = reset_peak()
    started = time.perf_counter()
    try:
        cells = loader.load(path).cells
        outcome = f"loaded, {len(cells)} cells"
    except loader.LoadError as error:
        outcome = f"refused: {str(error)[:90]}"
    except BaseException as error:  # noqa: BLE001  what a crash looks like is a figure too
        outcome = f"CRASH {type(error).__name__}: {str(error)[:70]}"
    seconds = time.perf_counter() - started
    peak = status("VmHWM") - before
    return {"seconds": seconds, "peak_mib": max(peak, 0) / MIB, "outcome": outcome}


def status(field: str) -> int:
    """A size from /proc/self/status (Linux), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def reset_peak() -> int:
    """Start the peak resident size (VmHWM) again from now; the resident size now."""
    Path("/proc/self/clear_refs").write_text("5\n")
    return status("VmRSS")


def run(module: Path, path: Path, timeout: float) -> dict:
    try:
        done = subprocess.run([sys.executable, __file__, "--measure", str(module), str(path)],
                              capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "peak_mib": None, "outcome": f"stopped after {timeout:g} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        return {"seconds": None, "peak_mib": None,
                "outcome": f"exit {done.returncode}: {done.stderr.strip()[-90:]}"}
    return json.loads(lines[-1])


def old_regex_extrapolated() -> str:
    import re

    magic = re.compile(r"^(\s*)(?:[\w.,\s]+=\s*)?(?:!(?!=)|%%?[A-Za-z])")  # before this work
    timed = []
    for n in (2_000, 4_000, 8_000):
        started = time.perf_counter()
        magic.match(" " * n + "x")
        timed.append((n, time.perf_counter() - started))
    n, seconds = timed[-1]
    per = seconds / n**2
    shown = ", ".join(f"{n:,}: {s:.3f} s" for n, s in timed)
    return (f"old magic regex on a line of spaces: {shown}; extrapolated: 200,000 spaces "
            f"{per * 200_000**2:,.0f} s, 1 MiB {per * MIB**2 / 3600:,.1f} h")


def row(name: str, figures: dict) -> str:
    seconds = "-" if figures["seconds"] is None else f"{figures['seconds']:.3f} s"
    peak = "-" if figures["peak_mib"] is None else f"{figures['peak_mib']:.0f} MiB"
    return f"  {name:7} {seconds:>10} {peak:>9}  {figures['outcome']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--before", default=BEFORE, help="the revision of the old loader")
    parser.add_argument("--only", nargs="*", help="names of the files to measure")
    parser.add_argument("--measure", nargs=2, metavar=("MODULE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), Path(args.measure[1]))))
        return
    with tempfile.TemporaryDirectory(prefix="hostile-load-") as temporary:
        folder = Path(temporary)
        loaders = {"after": ROOT / "autograder" / "load.py"}
        old = subprocess.run(["git", "show", f"{args.before}:autograder/load.py"], cwd=ROOT,
                             capture_output=True, text=True)
        if old.returncode == 0:
            (folder / "load_before.py").write_text(old.stdout, encoding="utf-8")
            loaders = {"before": folder / "load_before.py", **loaders}
        else:
            print(f"no loader at {args.before}: measuring after only")
        print(f"python {sys.version.split()[0]}, timeout {args.timeout:g} s, "
              f"before = {args.before}")
        print(old_regex_extrapolated())
        for name, make in HOSTILE.items():
            if args.only and name not in args.only:
                continue
            path = folder / name
            path.write_text(make(), encoding="utf-8")
            print(f"{name} ({path.stat().st_size / MIB:.2f} MiB)")
            for label, module in loaders.items():
                print(row(label, run(module, path, args.timeout)), flush=True)


if __name__ == "__main__":
    main()
