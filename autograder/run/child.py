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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from autograder.load import Cell
from autograder.run.protocol import Call, CellError, Failure, Reply

HARNESS = Path(__file__).with_name("harness.py")
OUTPUT_CAP = 64 * 1024  # of the student's prints, what a report keeps


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 60.0  # the whole submission, restarts included
    call_seconds: float = 15.0  # one call, once the submission's cells have run


@dataclass
class Outcome:
    """Everything the child said: replies by call, errors of cells, what it printed."""

    replies: list[Reply]
    cell_errors: list[CellError] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    stopped: str | None = None  # why the child ended before answering every call
    seconds: float = 0.0
    ready: bool = True  # the submission's cells had run when it ended


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

    def __init__(self, cells: list[Cell], calls: list[Call], limits: Limits,
                 deadline: float | None = None) -> None:
        self.calls = calls
        self.limits = limits
        self.started = time.perf_counter()
        self.deadline = deadline or self.started + limits.wall_seconds
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
        """Read replies until the child is done, dies, or reaches a time limit.

        The whole run has `wall_seconds`; once the cells have run, each call also has
        `call_seconds` from the previous reply, so that a hang is pinned on its call.
        """
        self.replies: dict[int, Reply] = {}
        self.cell_errors: list[CellError] = []
        self.ready = self.done = False
        deadline = self.deadline
        call_deadline = deadline
        selector = selectors.DefaultSelector()
        selector.register(self.channel, selectors.EVENT_READ)
        buffer = b""
        stopped = None
        while not self.done:
            now = time.perf_counter()
            if now >= deadline:
                stopped = f"it ran past the time limit of {self.limits.wall_seconds:g} s"
                break
            if now >= call_deadline:
                stopped = f"it ran past the time limit of {self.limits.call_seconds:g} s per call"
                break
            if not selector.select(timeout=min(deadline, call_deadline) - now):
                continue
            chunk = os.read(self.channel.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                if self._take(line) and self.ready:
                    call_deadline = min(deadline, time.perf_counter() + self.limits.call_seconds)
        selector.close()
        self._stop()
        if stopped is None and not self.done:
            stopped = self._death()
        outcome = Outcome(
            replies=[self.replies.get(i) or Reply(lost=stopped) for i in range(len(self.calls))],
            cell_errors=self.cell_errors,
            stdout=self._read(self.stdout),
            stderr=self._read(self.stderr),
            stopped=stopped,
            seconds=time.perf_counter() - self.started,
            ready=self.ready,
        )
        shutil.rmtree(self.workdir, ignore_errors=True)
        return outcome

    def _take(self, line: bytes) -> bool:
        """Record one message of the child; True when it is progress (cells run, a reply)."""
        try:
            message = json.loads(line)
        except ValueError:
            return False
        if not isinstance(message, dict):
            return False
        kind = message.get("kind")
        if kind == "reply" and message.get("id") in range(len(self.calls)):
            self.replies.setdefault(message["id"], Reply.from_json(message))
            return True
        if kind == "cell" and isinstance(message.get("error"), dict):
            index = message.get("index")
            failure = Failure.from_json(message["error"])
            self.cell_errors.append(CellError(index if isinstance(index, int) else 0, failure))
        elif kind == "ready":
            self.ready = True
            return True
        elif kind == "done":
            self.done = True
        return False

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


def run(cells: list[Cell], calls: list[Call], limits: Limits = Limits()) -> Outcome:  # noqa: B008
    """Run the cells in a child, make the calls, and return what came back.

    A call that kills or hangs the child costs that call and nothing else: the grader
    starts a new child for the calls that remain. After a function has stopped the child
    twice, its remaining calls are not made.
    """
    started = time.perf_counter()
    deadline = started + limits.wall_seconds
    replies: list[Reply | None] = [None] * len(calls)
    pending = list(range(len(calls)))
    first: Outcome | None = None
    stops: list[str] = []  # where and why each child was stopped
    reason = "no answer"
    while pending:
        outcome = Child(cells, [calls[i] for i in pending], limits, deadline).collect()
        first = first or outcome
        for i, reply in zip(pending, outcome.replies):
            if reply.lost is None:
                replies[i] = reply
        if outcome.stopped is None:
            break
        reason = outcome.stopped
        lost = [i for i in pending if replies[i] is None]
        if not outcome.ready:  # the cells themselves ended it: a new child would too
            stops.append(f"while its cells ran: {reason}")
            break
        culprit = calls[lost[0]].function
        stops.append(f"during a call of {culprit}: {reason}")
        replies[lost[0]] = Reply(lost=reason)
        if time.perf_counter() >= deadline:
            break
        if sum(stop.startswith(f"during a call of {culprit}:") for stop in stops) >= 2:
            for i in lost[1:]:  # twice is a pattern: spare the rest of the time limit
                if calls[i].function == culprit:
                    replies[i] = Reply(lost=f"not called: calls of {culprit} stopped the "
                                            f"process twice ({reason})")
        pending = [i for i in lost if replies[i] is None]
    return Outcome(
        replies=[reply or Reply(lost=reason) for reply in replies],
        cell_errors=first.cell_errors if first else [],
        stdout=first.stdout if first else "",
        stderr=first.stderr if first else "",
        stopped="; ".join(stop if n == 1 else f"{stop} ({n} times)"
                          for stop, n in Counter(stops).items()) or None,
        seconds=time.perf_counter() - started,
        ready=first.ready if first else False,
    )
