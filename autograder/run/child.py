"""Run code in a child process: send it the plan, read its replies, stop it at the limit.

The grader starts the child and goes on; `collect` waits for it. Two children (the
submission and the reference) can therefore run side by side on two cores.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.load import Cell
from autograder.run.protocol import Call, CellError, Failure, Reply

HARNESS = Path(__file__).with_name("harness.py")
OUTPUT_CAP = 64 * 1024  # of the student's prints, what a report keeps


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 60.0


@dataclass
class Outcome:
    """Everything the child said: replies by call, errors of cells, what it printed."""

    replies: list[Reply]
    cell_errors: list[CellError] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    stopped: str | None = None  # why the child ended before answering every call
    seconds: float = 0.0


def _matplotlib_cache() -> Path:
    """One matplotlib cache for every child: building its font list costs 0.5 s a start."""
    folder = Path(tempfile.gettempdir()) / f"autograder-matplotlib-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _environment(workdir: Path) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        HOME=str(workdir),
        TMPDIR=str(workdir),
        MPLBACKEND="Agg",
        MPLCONFIGDIR=str(_matplotlib_cache()),
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


class Child:
    """One running child process and what it has replied so far."""

    def __init__(self, cells: list[Cell], calls: list[Call], limits: Limits) -> None:
        self.calls = calls
        self.limits = limits
        self.started = time.perf_counter()
        self.workdir = Path(tempfile.mkdtemp(prefix="autograder-"))
        shutil.copy(HARNESS, self.workdir / "harness.py")
        self.stdout = open(self.workdir / "stdout.txt", "w+b")  # noqa: SIM115
        self.stderr = open(self.workdir / "stderr.txt", "w+b")  # noqa: SIM115
        read_end, write_end = os.pipe()
        self.channel = os.fdopen(read_end, "rb")
        self.process = subprocess.Popen(
            [sys.executable, "-I", str(self.workdir / "harness.py"), str(write_end)],
            stdin=subprocess.PIPE,
            stdout=self.stdout,
            stderr=self.stderr,
            pass_fds=(write_end,),
            cwd=self.workdir,
            env=_environment(self.workdir),
            start_new_session=True,
        )
        os.close(write_end)
        plan = {
            "cells": [{"index": c.index, "source": c.source} for c in cells],
            "calls": [call.to_json(i) for i, call in enumerate(calls)],
        }
        # A child that never reads its stdin must not block the grader: write aside.
        self.feeder = threading.Thread(target=self._feed, args=(json.dumps(plan),), daemon=True)
        self.feeder.start()

    def _feed(self, plan: str) -> None:
        try:
            self.process.stdin.write(plan.encode())
            self.process.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def collect(self) -> Outcome:
        """Read replies until the child is done, dies, or reaches the time limit."""
        replies: dict[int, Reply] = {}
        cell_errors: list[CellError] = []
        done = False
        deadline = self.started + self.limits.wall_seconds
        selector = selectors.DefaultSelector()
        selector.register(self.channel, selectors.EVENT_READ)
        buffer = b""
        stopped = None
        while not done:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                stopped = f"it ran past the time limit of {self.limits.wall_seconds:g} s"
                break
            if not selector.select(timeout=remaining):
                continue
            chunk = os.read(self.channel.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                done = self._take(line, replies, cell_errors) or done
        selector.close()
        self._stop()
        if stopped is None and not done:
            stopped = self._death()
        outcome = Outcome(
            replies=[replies.get(i) or Reply(lost=stopped) for i in range(len(self.calls))],
            cell_errors=cell_errors,
            stdout=self._read(self.stdout),
            stderr=self._read(self.stderr),
            stopped=stopped,
            seconds=time.perf_counter() - self.started,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)
        return outcome

    def _take(self, line: bytes, replies: dict[int, Reply], cell_errors: list[CellError]) -> bool:
        try:
            message = json.loads(line)
        except ValueError:
            return False
        if not isinstance(message, dict):
            return False
        kind = message.get("kind")
        if kind == "reply" and message.get("id") in range(len(self.calls)):
            replies.setdefault(message["id"], Reply.from_json(message))
        elif kind == "cell" and isinstance(message.get("error"), dict):
            index = message.get("index")
            failure = Failure.from_json(message["error"])
            cell_errors.append(CellError(index if isinstance(index, int) else 0, failure))
        return kind == "done"

    def _death(self) -> str:
        code = self.process.returncode
        if code is not None and code < 0:
            return f"the process was killed by signal {signal.Signals(-code).name}"
        return f"the process exited (code {code}) before answering"

    def _stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        self.channel.close()

    def _read(self, handle) -> str:
        handle.seek(0)
        data = handle.read(OUTPUT_CAP + 1)
        handle.close()
        text = data[:OUTPUT_CAP].decode("utf-8", "replace")
        return text + ("\n[output cut at 64 KiB]" if len(data) > OUTPUT_CAP else "")


def run(cells: list[Cell], calls: list[Call], limits: Limits = Limits()) -> Outcome:
    """Run the cells in a child, make the calls, and return what came back."""
    return Child(cells, calls, limits).collect()
