"""Run code in a child process: send it the plan, read its replies, stop it at the limit.

The grader starts the child and goes on; `collect` waits for it. A child may also be
started before there is a plan (`Child.waiting`): it starts Python and imports numpy while
the grader prepares, and `send` gives it the plan later. Its time limit runs from then.

Each call has a time limit of its own: where the reference's time for it is known (`Timed`),
`call_factor` times that, at least `call_floor_seconds`; at most, and without a reference,
`call_seconds`. The reply channel is read in linear time, and a line on it longer than
MAX_LINE_BYTES stops the child.
"""

from __future__ import annotations

import base64
import json
import math
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from autograder.run.protocol import Call, CellError, Failure, Reply
from autograder.run.sandbox import NONE, Content, ProcessCap, Sandbox

if TYPE_CHECKING:  # the loader imports nbformat, which a waiting child need not wait for
    from autograder.load import Cell

HARNESS = Path(__file__).with_name("harness.py")
# A reply carries at most a million numbers (the harness's bound) and the calls of a course
# want far fewer: a longer line is no reply, and a child that sends one is stopped.
MAX_LINE_BYTES = 8 * 2**20
SIGNALS = {
    "SIGXCPU": "it used up its CPU time ({cpu_seconds:g} s)",
    "SIGXFSZ": "it wrote a file larger than {file_bytes} bytes",
    "SIGSEGV": "it crashed (segmentation fault: recursion too deep?)",
    "SIGKILL": "it was killed (SIGKILL)",
}


# Given the replies so far, by position in a list of calls: the calls whose replies can no
# longer change a verdict. A child stops once all the calls it has left are among them.
Unneeded = Callable[[dict[int, Reply]], set[int]]

# Given a call's position in a list of calls: the reference's own seconds for it, or None
# where there is none to time. Asked only once a call has run past the floor of its limit,
# so it may take that long (the reference may run the call then).
Timed = Callable[[int], float | None]


def folder_files(extra: Mapping[str, Content] | None = None) -> dict[str, Content]:
    """The files to place in the child's folder, by file name: the harness, and `extra`
    (a submission's own modules, say), content or a file to copy."""
    return {**(extra or {}), "harness.py": HARNESS}


@dataclass(frozen=True)
class Limits:
    """What one submission may use. The harness sets the resource limits on itself."""

    wall_seconds: float = 60.0  # the whole submission, restarts included
    call_seconds: float = 15.0  # one call at most, once the submission's cells have run
    call_floor_seconds: float = 2.0  # one call at least, whatever the reference took
    call_factor: float = 30.0  # one call: this many times the reference's own time for it
    cpu_seconds: int = 60
    memory_bytes: int = 2**30  # address space
    processes: int = 64  # enforced where the child runs as a user of its own
    file_bytes: int = 16 * 2**20
    folder_bytes: int = 64 * 2**20  # the child's folder (in bubblewrap: memory, not disk)
    output_bytes: int = 2**20  # of stdout and of stderr, what the grader keeps

    def for_harness(self) -> dict[str, int]:
        return {"cpu_seconds": int(self.cpu_seconds), "memory_bytes": self.memory_bytes,
                "processes": self.processes, "file_bytes": self.file_bytes}

    def for_call(self, reference_seconds: float | None) -> float:
        """One call's limit, given the reference's own time for it (None: unknown)."""
        if reference_seconds is None:
            return self.call_seconds
        derived = math.ceil(self.call_factor * reference_seconds * 10) / 10
        return min(self.call_seconds, max(self.call_floor_seconds, derived))


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


def _piped(stream: IO[bytes] | None) -> IO[bytes]:
    if stream is None:  # Popen was asked for a pipe: it gives one or raises
        raise RuntimeError("the child's process has no pipe")
    return stream


def _environment(home: Path, temporary: Path, cache: Path) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        HOME=str(home),
        TMPDIR=str(temporary),
        MPLBACKEND="Agg",
        MPLCONFIGDIR=str(cache),
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


class Capped:
    """The first `cap` bytes of a stream; the rest is counted and dropped."""

    def __init__(self, cap: int) -> None:
        self.cap, self.kept, self.dropped = cap, bytearray(), 0

    def add(self, chunk: bytes) -> None:
        room = self.cap - len(self.kept)
        self.kept += chunk[:max(room, 0)]
        self.dropped += max(len(chunk) - max(room, 0), 0)

    def text(self) -> str:
        text = self.kept.decode("utf-8", "replace")
        return text + (f"\n[{self.dropped} more bytes were dropped]" if self.dropped else "")


class Child:
    """One running child process and what it has replied so far."""

    def __init__(self, cells: list[Cell], calls: list[Call], limits: Limits,
                 deadline: float | None = None, sandbox: Sandbox = NONE,
                 unneeded: Unneeded | None = None, timed: Timed | None = None,
                 files: Mapping[str, bytes] | None = None) -> None:
        self._start(limits, sandbox)
        self.send(cells, calls, deadline, unneeded, timed, files)

    @classmethod
    def waiting(cls, limits: Limits, sandbox: Sandbox = NONE) -> Child:
        """A child started ahead of its plan, which `send` gives it."""
        child = cls.__new__(cls)
        child._start(limits, sandbox)
        return child

    def _start(self, limits: Limits, sandbox: Sandbox) -> None:
        self.limits = limits
        self.sandbox = sandbox
        self.sent = False
        self.cap = ProcessCap.create(limits.processes) if sandbox.isolates else None
        try:
            self.place = sandbox.place(folder_files(), limits.folder_bytes, self.cap)
        except BaseException:
            if self.cap is not None:
                self.cap.close()
            raise
        read_end, write_end = os.pipe()
        self.channel = os.fdopen(read_end, "rb")
        argv = [sys.executable, "-I", str(self.place.folder / "harness.py"), str(write_end)]
        try:
            self.process = subprocess.Popen(
                self.place.command(argv),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(write_end, *self.place.fds),
                cwd=self.place.cwd,
                env=_environment(self.place.home, self.place.temporary,
                                 self.place.cache_for_child),
                start_new_session=True,
                preexec_fn=self.place.preexec(),
            )
        except BaseException:
            self.channel.close()
            self.place.close()
            if self.cap is not None:
                self.cap.close()
            raise
        finally:
            os.close(write_end)
            self.place.started()
        self.stdin, self.stdout, self.stderr = (
            _piped(self.process.stdin), _piped(self.process.stdout), _piped(self.process.stderr))

    def send(self, cells: list[Cell], calls: list[Call], deadline: float | None = None,
             unneeded: Unneeded | None = None, timed: Timed | None = None,
             files: Mapping[str, bytes] | None = None) -> None:
        """Give the child its plan; the time limit runs from now, or to `deadline`.
        `files` (the submission's own modules and data, by plain name) go in its folder
        before the cells run."""
        self.sent = True
        self.calls = calls
        self.unneeded = unneeded
        self.timed = timed
        self.started = time.perf_counter()
        self.deadline = deadline or self.started + self.limits.wall_seconds
        limits = self.limits
        plan = {
            "cells": [{"index": c.index, "source": c.source} for c in cells],
            "files": {name: base64.b64encode(content).decode("ascii")
                      for name, content in (files or {}).items()},
            "calls": [call.to_json(i) for i, call in enumerate(calls)],
            # RLIMIT_NPROC counts every process of the user: it binds where the uid is the
            # child's own.
            "limits": {**limits.for_harness(),
                       "processes": limits.processes if self.place.own_uid else None},
        }
        # A child that never reads its stdin must not block the grader: write aside.
        self.feeder = threading.Thread(target=self._feed, args=(json.dumps(plan),), daemon=True)
        self.feeder.start()

    def discard(self) -> None:
        """Stop a waiting child that will not be given a plan; nothing for one that was."""
        if self.sent:
            return
        self.sent, self.calls, self.unneeded = True, [], None
        self.stdin.close()
        self._stop(closed=False)

    def _feed(self, plan: str) -> None:
        try:
            self.stdin.write(plan.encode())
            self.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def collect(self) -> Outcome:
        """Read replies until the child is done, dies, or reaches a time limit.

        The whole run has `wall_seconds`; once the cells have run, each call also has
        `call_seconds` from the previous reply, so that a hang is pinned on its call.
        """
        self.replies: dict[int, Reply] = {}
        self.cell_errors: list[CellError] = []
        self.ready = self.done = self.decided = False
        self.outputs: dict[Any, Capped] = {self.stdout: Capped(self.limits.output_bytes),
                                           self.stderr: Capped(self.limits.output_bytes)}
        stopped = None
        try:
            stopped = self._read()
        finally:  # whatever happens here, the child and its traces go
            self._stop(closed=stopped is None and not (self.done or self.decided))
        if self.decided:
            for i in range(len(self.calls)):
                self.replies.setdefault(i, Reply(skipped=True))
        elif stopped is None and not self.done:
            stopped = self._death()
        if stopped is None and len(self.replies) < len(self.calls):
            stopped = "it said it was done before answering every call"
        outcome = Outcome(
            replies=[self.replies.get(i) or Reply(lost=stopped) for i in range(len(self.calls))],
            cell_errors=self.cell_errors,
            stdout=self.outputs[self.stdout].text(),
            stderr=self.outputs[self.stderr].text(),
            stopped=stopped,
            seconds=time.perf_counter() - self.started,
            ready=self.ready,
        )
        return outcome

    def _read(self) -> str | None:
        """Read the channel and the outputs until the child is done, closes its channel
        (None: it ended) or runs past a limit (which is named).

        The channel's bytes gather in one buffer that is searched for a newline only where
        it was not searched before: an endless line costs linear time, up to its bound."""
        deadline = self.deadline
        self._clock(None)
        selector = selectors.DefaultSelector()
        selector.register(self.channel, selectors.EVENT_READ)
        for stream in self.outputs:
            selector.register(stream, selectors.EVENT_READ)
        pending = bytearray()
        scanned = 0  # pending[:scanned] holds no newline
        try:
            while not self.done:
                now = time.perf_counter()
                if now >= deadline:
                    return f"it ran past the time limit of {self.limits.wall_seconds:g} s"
                if now >= self.call_deadline:
                    if self._longer_call():
                        continue
                    return f"it ran past the time limit of {self.call_limit:g} s per call"
                for key, _ in selector.select(timeout=min(deadline, self.call_deadline) - now):
                    data = os.read(key.fd, 65536)
                    if key.fileobj in self.outputs:
                        self.outputs[key.fileobj].add(data)
                        if not data:
                            selector.unregister(key.fileobj)
                        continue
                    if not data:
                        return None
                    pending += data
                    start = 0
                    while not self.done:  # "done" is the last word: nothing after it counts
                        end = pending.find(b"\n", scanned)
                        if end < 0:
                            break
                        line, start = bytes(pending[start:end]), end + 1
                        scanned = start
                        if len(line) > MAX_LINE_BYTES:
                            return self._too_long()
                        if self._take(line) and self.ready:
                            self._clock(time.perf_counter())
                            if self._decided():
                                self.decided = True
                                self._read_printed(selector)
                                return None
                    del pending[:start]
                    scanned = len(pending)
                    if scanned > MAX_LINE_BYTES:
                        return self._too_long()
            self._drain(selector)
            return None
        finally:
            selector.close()

    @staticmethod
    def _too_long() -> str:
        return f"it sent a line longer than {MAX_LINE_BYTES // 2**20} MiB on its reply channel"

    def _clock(self, now: float | None) -> None:
        """A call starts `now` (None: none does until the cells have run). Its limit is the
        floor until it runs past it; then `_longer_call` works out the call's own."""
        if now is None:
            self.call_started, self.call_deadline = 0.0, self.deadline
            self.call_limit, self.call_limit_known = self.limits.wall_seconds, True
            return
        ceiling = self.limits.call_seconds
        self.call_limit_known = self.timed is None or self.limits.call_floor_seconds >= ceiling
        self.call_limit = ceiling if self.call_limit_known else self.limits.call_floor_seconds
        self.call_started = now
        self.call_deadline = min(self.deadline, now + self.call_limit)

    def _longer_call(self) -> bool:
        """At the floor of a call's limit: whether the call's own limit is longer (the
        deadline then moves to it)."""
        if self.call_limit_known:
            return False
        self.call_limit_known = True
        left = [i for i in range(len(self.calls)) if i not in self.replies]
        seconds = self.timed(left[0]) if left and self.timed is not None else None
        limit = self.limits.for_call(seconds)
        if limit <= self.call_limit:
            return False
        self.call_limit = limit
        self.call_deadline = min(self.deadline, self.call_started + limit)
        return True

    def _decided(self) -> bool:
        """Whether every call still to come is unneeded, so that the child may stop now."""
        if self.unneeded is None or len(self.replies) == len(self.calls):
            return False
        left = set(range(len(self.calls))) - set(self.replies)
        return left <= self.unneeded(self.replies)

    def _read_printed(self, selector: selectors.BaseSelector) -> None:
        """What the child has printed so far (it flushes before each reply), without
        waiting for more, nor reading for long from a child that prints on and on."""
        until = time.perf_counter() + 0.1
        while time.perf_counter() < until:
            ready = [key for key, _ in selector.select(timeout=0) if key.fileobj in self.outputs]
            if not ready:
                return
            for key in ready:
                data = os.read(key.fd, 65536)
                self.outputs[key.fileobj].add(data)
                if not data:
                    selector.unregister(key.fileobj)

    def _drain(self, selector: selectors.BaseSelector, seconds: float = 0.5) -> None:
        """After "done": what the child printed last, until it exits or `seconds` pass."""
        selector.unregister(self.channel)
        until = time.perf_counter() + seconds
        while selector.get_map() and time.perf_counter() < until:
            for key, _ in selector.select(timeout=until - time.perf_counter()):
                data = os.read(key.fd, 65536)
                self.outputs[key.fileobj].add(data)
                if not data:
                    selector.unregister(key.fileobj)

    def _take(self, line: bytes) -> bool:
        """Record one message of the child; True when it is progress (cells run, a reply)."""
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
            return False
        if not isinstance(message, dict):
            return False
        kind = message.get("kind")
        if kind == "reply" and message.get("id") in range(len(self.calls)):
            try:
                reply = Reply.from_json(message)
            except (TypeError, ValueError):
                return False  # a malformed reply is no reply: its call stays unanswered
            self.replies.setdefault(message["id"], reply)
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
        if self.sandbox.namespaced and code is not None and code > 128:
            code = -(code - 128)  # bubblewrap exits 128 + n for a child killed by signal n
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            return SIGNALS.get(name, f"it was killed by {name}").format(**vars(self.limits))
        return f"the process exited (code {code}) before answering"

    def _stop(self, closed: bool) -> None:
        if closed:  # the child closed its channel: give it a moment to exit and say why
            try:
                self.process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                pass
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        self.channel.close()
        self.stdout.close()
        self.stderr.close()
        if self.cap is not None:
            self.cap.close()
        self.place.close()

def run(cells: list[Cell], calls: list[Call], limits: Limits = Limits(),  # noqa: B008
        sandbox: Sandbox = NONE, warm: Child | None = None,
        unneeded: Unneeded | None = None, timed: Timed | None = None,
        files: Mapping[str, bytes] | None = None) -> Outcome:
    """Run the cells in a child, make the calls, and return what came back.

    A call that kills or hangs the child costs that call and nothing else: the grader
    starts a new child for the calls that remain. After a function has stopped the child
    twice, its remaining calls are not made, and neither are those `unneeded` says cannot
    change a verdict any more (their replies say they were skipped). A `warm` child
    (`Child.waiting`) is used first if it was started under the same limits and sandbox,
    and otherwise stopped unused. `timed` gives each call's limit (see Limits.for_call).
    """
    if warm is not None and (warm.sent or (warm.limits, warm.sandbox) != (limits, sandbox)):
        warm.discard()  # started otherwise than this run would start it: never used
        warm = None
    started = time.perf_counter()
    deadline = started + limits.wall_seconds
    replies: list[Reply | None] = [None] * len(calls)
    pending = list(range(len(calls)))
    first: Outcome | None = None
    stops: list[str] = []  # where and why each child was stopped
    reason = "no answer"
    while pending:
        local = None if unneeded is None else _renumbered(unneeded, pending, replies)
        local_timed = _shifted(timed, pending)
        if warm is not None:
            warm.send(cells, [calls[i] for i in pending], deadline, local, local_timed,
                      files)
            child, warm = warm, None
        else:
            child = Child(cells, [calls[i] for i in pending], limits, deadline, sandbox, local,
                          local_timed, files)
        outcome = child.collect()
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
            # Twice is a pattern: spare the rest of the time limit. A call whose check the
            # replies so far have decided is skipped, not lost: it could not change a verdict.
            known = {i: r for i, r in enumerate(replies) if r is not None}
            decided = unneeded(known) if unneeded is not None else set()
            for i in lost[1:]:
                if calls[i].function == culprit:
                    replies[i] = Reply(skipped=True) if i in decided else Reply(
                        lost=f"not called: calls of {culprit} stopped the process twice "
                             f"({reason})")
        pending = [i for i in lost if replies[i] is None]
    if warm is not None:  # there was nothing to call
        warm.discard()
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


def _renumbered(unneeded: Unneeded, positions: list[int],
                known: Sequence[Reply | None] = ()) -> Unneeded:
    """`unneeded` for a child that makes the calls at `positions` of the whole list, given
    the replies already `known` by position in the whole list."""
    before = {i: r for i, r in enumerate(known) if r is not None}

    def local(replies: dict[int, Reply]) -> set[int]:
        whole = unneeded({**before, **{positions[k]: r for k, r in replies.items()}})
        return {k for k, i in enumerate(positions) if i in whole}

    return local


def _shifted(timed: Timed | None, positions: Sequence[int]) -> Timed | None:
    """`timed` for a child that makes the calls at `positions` of the whole list."""
    if timed is None:
        return None
    kept = tuple(positions)
    return lambda k: timed(kept[k])


def run_side_by_side(cells: list[Cell], calls: list[Call], groups: list[int],
                     limits: Limits = Limits(), sandbox: Sandbox = NONE,  # noqa: B008
                     warm: Sequence[Child] = (), unneeded: Unneeded | None = None,
                     timed: Timed | None = None,
                     files: Mapping[str, bytes] | None = None) -> Outcome:
    """`run`, with the calls of each group in a child of its own, all at once.

    Training dominates a grading; on a machine with cores to spare, its calls go to a
    second child beside the first and one submission is graded sooner. Each child runs
    the cells; what the cells printed or raised is taken from the first group's child.
    Waiting children are used by the groups in turn.
    """
    members = {g: [i for i, group in enumerate(groups) if group == g] for g in sorted(set(groups))}
    spare = dict(zip(members, warm))
    for child in warm[len(spare):]:
        child.discard()
    if len(members) < 2:
        return run(cells, calls, limits, sandbox, next(iter(spare.values()), None), unneeded,
                   timed, files)
    outcomes: dict[int, Outcome] = {}

    def one(group: int) -> None:
        positions = members[group]
        outcomes[group] = run(cells, [calls[i] for i in positions], limits, sandbox,
                              spare.get(group),
                              None if unneeded is None else _renumbered(unneeded, positions),
                              _shifted(timed, positions), files)

    threads = [threading.Thread(target=one, args=(g,)) for g in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    replies: list[Reply] = [Reply(lost="no answer")] * len(calls)
    for group, positions in members.items():
        for i, reply in zip(positions, outcomes[group].replies):
            replies[i] = reply
    first = outcomes[min(members)]
    stopped = "; ".join(dict.fromkeys(o.stopped for o in outcomes.values() if o.stopped))
    return Outcome(replies, first.cell_errors, first.stdout, first.stderr, stopped or None,
                   max(o.seconds for o in outcomes.values()), first.ready)
