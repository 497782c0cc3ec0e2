"""Hostile submissions (tests/hostile/): whatever the child does costs it the affected checks
and nothing else; the grader survives and the report says what happened.

Most files are a correct submission with one hostile act added to one function (usually
multi_accuracy, which nothing else calls, or sigmoid(1000), which only the overflow check
calls) or at import. TABLE says, for each, the points of every question, the message of
every failing check and the problems the report lists. A few acts need a test of their own:
they leave evidence on stdout (what they found, wrote or reached) or outside the grader.

The graders here have small limits (2 s per call) so that hangs cost seconds; each file is
graded once. Hostile code runs only inside a sandbox: without one it could signal the test
process and write results.json across the file system.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from autograder.pipeline import Grader
from autograder.report import gradescope, summary, text
from autograder.run.child import Limits
from autograder.run.sandbox import choose, matplotlib_cache
from autograder.suites import get_suite

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "hostile"
REFERENCE = ROOT / "solutions" / "backprop" / "backprop.ipynb"
REFERENCE_RESULTS = ROOT / "solutions" / "backprop" / "results.txt"
SEED = 20240917
SANDBOX = choose()

# Hostile code run as the test process's user could signal it and write results.json
# across the file system.
pytestmark = pytest.mark.needs("sandbox")

SUITE = get_suite("backprop")
FULL = {q.name: q.points for q in SUITE.questions}
FUNCTIONS = {q.name for q in SUITE.questions if q.name != "results.txt"}
LIMITS = {
    "standard": Limits(wall_seconds=20, call_seconds=2),
    # a hang while the cells run is stopped only by the limit of the whole run
    "cells": Limits(wall_seconds=3, call_seconds=2),
    # a CPU limit well below the per-call limit (its floor too, which would otherwise apply
    # to a call the reference answers at once), so that the CPU limit is what stops it
    "cpu": Limits(wall_seconds=20, call_seconds=10, call_floor_seconds=10, cpu_seconds=2),
}


class Starts(str):
    """An expected message of which only the beginning is decisive."""


def matches(message: str, wanted: str) -> bool:
    return message.startswith(wanted) if isinstance(wanted, Starts) else message == wanted


WORKED = "multi_accuracy: worked example"
HIDDEN = "multi_accuracy: hidden case: 12 samples, 4 classes"
OVERFLOW = "sigmoid: no overflow at +-1000"


def multi_accuracy_lost(problem: str, starts: bool = False) -> dict[str, str]:
    """Both checks of multi_accuracy fail with the same problem."""
    kind = Starts if starts else str
    return {WORKED: kind(f"multi_accuracy on 4 samples, 3 right: {problem}"),
            HIDDEN: kind(f"on 12 random samples, {problem}")}


def initialize_weights_lost(problem: str) -> dict[str, str]:
    return {
        "initialize_weights: all-ones fixture":
            f"initialize_weights([2, 2, 1], lambda: 1): {problem}",
        "initialize_weights: order: layer by layer, node by node, bias first":
            f"initialize_weights([2, 2, 1], f) with f returning 1, 2, 3, ...: {problem}",
        "initialize_weights: one initialize_fn call per value": problem,
        "initialize_weights: hidden case: random layer sizes": f"on random layer sizes, {problem}",
    }


def stopped(where: str, reason: str, times: int = 1) -> str:
    return (f"the submission's process was stopped {where}: {reason}"
            + (f" ({times} times)" if times > 1 else ""))


@dataclass(frozen=True)
class Expected:
    what: str
    scores: dict[str, float] = field(default_factory=dict)  # the questions below full marks
    messages: dict[str, str] = field(default_factory=dict)  # every failing check's message
    problems: tuple[str, ...] | None = ()  # first lines of report.problems (None: own test)
    limits: str = "standard"
    # every function's every check fails, its message ending in "<function> <every_call_lost>"
    every_call_lost: str = ""


ALL_FUNCTIONS_ZERO = {name: 0.0 for name in FUNCTIONS}
PER_CALL = "it ran past the time limit of 2 s per call"
EXITED = "the process exited (code 0) before answering"
NOT_NUMBERS = "; expected numbers in lists or numpy arrays"
if SANDBOX.name == "bubblewrap":  # the parent is the sandbox's init, which ignores SIGKILL
    KILL_PARENT = Expected("os.kill(os.getppid(), SIGKILL) in multi_accuracy, then answers")
else:  # the parent is the grader, which the user nobody may not signal
    KILL_PARENT = Expected(
        "os.kill(os.getppid(), SIGKILL) in multi_accuracy, then answers",
        {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy raised PermissionError: [Errno 1] Operation not "
                            "permitted"))

NAMESPACED = SANDBOX.name == "bubblewrap"
# Kernel interfaces: inside bubblewrap /proc/sys is mounted read-only; without it, it is the
# host's, and the child's uid (its own, under a root grader) may not write it.
SYSCTL_REFUSED = ("OSError: [Errno 30] Read-only file system" if NAMESPACED
                  else "PermissionError: [Errno 13] Permission denied")
CACHE_REFUSED = ("OSError: [Errno 30] Read-only file system: '/cache/fontlist-v390.json'"
                 if NAMESPACED else "PermissionError: [Errno 13] Permission denied: "
                 f"'{matplotlib_cache() / 'fontlist-v390.json'}'")
# System folders are bound read-only; without namespaces they are root's, not the child's.
WRITE_REFUSED = SYSCTL_REFUSED
# setuid(0): inside its user namespace uid 0 is mapped to no one; without one, not permitted.
SETUID_REFUSED = ("OSError: [Errno 22] Invalid argument" if NAMESPACED
                  else "PermissionError: [Errno 1] Operation not permitted")
# What a student raised with terminal escapes in it: the report keeps it as raised.
ESCAPES = "\x1b]0;pwned\x07\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b[2A\x1b[2Kboom\r"
LONG_LINE = "it sent a line longer than 8 MiB on its reply channel"
if NAMESPACED:  # the child's folder is a tmpfs of Limits.folder_bytes
    FILL_FOLDER = Expected(
        "8 MiB files into its folder in multi_accuracy, up to 256 MiB", {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy raised OSError: [Errno 28] No space left on device"))
else:  # on the host's disk, not bounded in all (the module docstring of sandbox.py says so)
    FILL_FOLDER = Expected("8 MiB files into its folder in multi_accuracy, up to 256 MiB")

TABLE: dict[str, Expected] = {
    # time
    "loop_at_import.py": Expected(
        "while True: pass after the functions are defined", ALL_FUNCTIONS_ZERO,
        problems=(stopped("while its cells ran", "it ran past the time limit of 3 s"),),
        limits="cells", every_call_lost="gave no answer: it ran past the time limit of 3 s"),
    "loop_in_function.py": Expected(
        "while True: pass in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy gave no answer: {PER_CALL}"),
        (stopped("during a call of multi_accuracy", PER_CALL, 2),)),
    "sleep_past_limit.py": Expected(
        "time.sleep(3600) in sigmoid(1000)", {"sigmoid": 4},
        {OVERFLOW: f"sigmoid(1000): sigmoid gave no answer: {PER_CALL}"},
        (stopped("during a call of sigmoid", PER_CALL),)),
    "ignore_signals_loop.py": Expected(
        "ignores SIGTERM, SIGALRM, SIGINT, SIGHUP, SIGXCPU, SIGUSR1, then loops",
        {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy gave no answer: {PER_CALL}"),
        (stopped("during a call of multi_accuracy", PER_CALL, 2),)),
    "cpu_burn.py": Expected(
        "counts forever in sigmoid(1000), with 2 CPU seconds", {"sigmoid": 4},
        {OVERFLOW: "sigmoid(1000): sigmoid gave no answer: it used up its CPU time (2 s)"},
        (stopped("during a call of sigmoid", "it used up its CPU time (2 s)"),), limits="cpu"),
    # memory, processes
    "memory_bomb.py": Expected(
        "64 MiB after 64 MiB in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy raised MemoryError")),
    "fork_bomb.py": Expected("up to 300 forks at import, each child sleeping", problems=None),
    # exits
    "sys_exit_at_import.py": Expected(
        "sys.exit(0) after the functions are defined",
        problems=("code cell 1 raised SystemExit: 0",)),
    "sys_exit_in_cell.ipynb": Expected(
        "sys.exit(0) in the second of three code cells",
        problems=("code cell 2 raised SystemExit: 0",)),
    "os_exit_at_import.py": Expected(
        "os._exit(0) after the functions are defined", ALL_FUNCTIONS_ZERO,
        problems=(stopped("while its cells ran", EXITED),), every_call_lost=f"gave no answer: "
                                                                             f"{EXITED}"),
    "sys_exit_in_function.py": Expected(
        "sys.exit(0) in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy raised SystemExit: 0")),
    "os_exit_in_function.py": Expected(
        "os._exit(0) in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy gave no answer: {EXITED}"),
        (stopped("during a call of multi_accuracy", EXITED, 2),)),
    "raise_systemexit.py": Expected(
        "raise SystemExit('bye') in sigmoid(1000)", {"sigmoid": 4},
        {OVERFLOW: "sigmoid(1000): sigmoid raised SystemExit: bye"}),
    "raise_keyboard_interrupt.py": Expected(
        "raise KeyboardInterrupt in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy raised KeyboardInterrupt")),
    "raise_base_exception.py": Expected(
        "raise BaseException in initialize_weights", {"initialize_weights": 0},
        initialize_weights_lost("initialize_weights raised BaseException: not an Exception")),
    # signals
    "kill_parent.py": KILL_PARENT,
    "killpg.py": Expected(
        "os.killpg(0, SIGKILL) in multi_accuracy", {"multi_accuracy": 0},
        # the engine cannot tell who sent SIGKILL: only "killed by SIGKILL" is decisive
        multi_accuracy_lost("multi_accuracy gave no answer: it was killed (SIGKILL", starts=True),
        (stopped("during a call of multi_accuracy", "it was killed (SIGKILL)",
                 2),)),
    # output
    "stdout_flood_1gb.py": Expected("1 GiB on stdout in 1 MiB chunks at import"),
    "correct_floods_stdout.py": Expected("correct; 1000 characters on stdout per feedforward_"),
    "fake_gradescope_json.py": Expected(
        "fake results.json claiming 100 on stdout and stderr", {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy is not implemented yet (it raises "
                            "NotImplementedError)")),
    # file system
    "open_reference.py": Expected(
        "reads the reference by absolute and relative paths, runs what it finds",
        ALL_FUNCTIONS_ZERO,
        problems=("none of the assignment's functions is defined in the submission",),
        every_call_lost="is not defined in the submission"),
    "glob_notebooks.py": Expected("walks / for *.ipynb, raises naming them", problems=None),
    "setuid_root.py": Expected(
        "setuid(0) in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy raised {SETUID_REFUSED}")),
    "write_system_folders.py": Expected(
        "writes a file into /etc in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy raised {WRITE_REFUSED}: "
                            "'/etc/autograder-was-here'")),
    "import_grader.py": Expected(
        "imports the grader's own package in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy raised ModuleNotFoundError: No module named "
                            "'autograder'")),
    "terminal_escapes.py": Expected(
        "raises with OSC 0, OSC 52 and cursor moves in multi_accuracy; prints them at import",
        {"multi_accuracy": 0}, multi_accuracy_lost(f"multi_accuracy raised ValueError: {ESCAPES}")),
    "read_shadow.py": Expected(
        "prints /etc/shadow in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy raised PermissionError: [Errno 13] Permission "
                            "denied: '/etc/shadow'")),
    "fill_sandbox_disk.py": FILL_FOLDER,
    "overwrite_classmates_files.py": Expected(
        "appends to every harness.py and autograder-* file it finds outside its folder"),
    "write_matplotlib_cache.py": Expected(
        "writes a font list into the shared matplotlib cache at import",
        problems=(f"code cell 1 raised {CACHE_REFUSED}",)),
    # kernel interfaces
    "write_sysctl.py": Expected(
        "writes vm.swappiness (its own value) in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy raised {SYSCTL_REFUSED}: "
                            "'/proc/sys/vm/swappiness'")),
    "core_pattern.py": Expected(
        "writes kernel.core_pattern (its own value) at import",
        problems=(f"code cell 1 raised {SYSCTL_REFUSED}: '/proc/sys/kernel/core_pattern'",)),
    "nested_userns_sysctl.py": Expected(
        "root of a user namespace of its own, writes vm.swappiness at import",
        problems=(f"code cell 1 raised {SYSCTL_REFUSED}: '/proc/sys/vm/swappiness'",)),
    # other processes
    "kill_classmates.py": Expected(
        "SIGKILL to every process it sees, then kill -9 -1, in multi_accuracy"),
    "ptrace_others.py": Expected(
        "ptrace and /proc/PID/mem of every process but its own and its ancestors"),
    "read_environ.py": Expected("reads every /proc/PID/environ for variables not its own"),
    # patching
    "patch_numpy.py": Expected(
        "numpy/math comparisons and builtins.all/any always agree", {"multi_accuracy": 0},
        {WORKED: "multi_accuracy on 4 samples, 3 right: 1 of 1 numbers differ; first at the "
                 "result: expected 0.75, got 0 (largest relative error 1, tolerance 1e-06)",
         HIDDEN: "on 12 random samples, 1 of 1 numbers differ from the reference's (relative "
                 "error above 1e-06); first at the result, where you return 0"}),
    "patch_harness_sys_modules.py": Expected(
        "replaces the harness's make_call and to_plain to claim success", {"multi_accuracy": 0},
        multi_accuracy_lost("the result is not a rectangular array of numbers (ragged lists?)")),
    "patch_harness_gc.py": Expected(
        "swaps the code of the harness's send (found through gc) to claim success",
        {"multi_accuracy": 0},
        {WORKED: "multi_accuracy on 4 samples, 3 right: 1 of 1 numbers differ; first at the "
                 "result: expected 0.75, got 1 (largest relative error 0.14, tolerance 1e-06)",
         HIDDEN: "on 12 random samples, 1 of 1 numbers differ from the reference's (relative "
                 "error above 1e-06); first at the result, where you return 1"}),
    "forge_reply.py": Expected(
        "writes a malformed reply on the harness's channel; the real replies follow"),
    "endless_reply_line.py": Expected(
        "an endless line on the harness's channel in multi_accuracy", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy gave no answer: {LONG_LINE}"),
        (stopped("during a call of multi_accuracy", LONG_LINE, 2),)),
    "deep_json_reply.py": Expected(
        "a line of JSON nested 100,000 deep on the harness's channel at import"),
    # return values
    "lying_eq.py": Expected(
        "returns an object whose __eq__ is always True", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy returned a Liar{NOT_NUMBERS}")),
    "lying_ndarray.py": Expected(
        "returns an ndarray subclass with lying operators", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy returned a LyingArray{NOT_NUMBERS}")),
    "returns_dict.py": Expected(
        "multi_accuracy returns a dict", {"multi_accuracy": 0},
        multi_accuracy_lost(f"multi_accuracy returned a dict{NOT_NUMBERS}")),
    "returns_string.py": Expected(
        "initialize_weights returns a str", {"initialize_weights": 0},
        initialize_weights_lost(f"initialize_weights returned a str{NOT_NUMBERS}")),
    "returns_none.py": Expected(
        "feedforward returns None", {"feedforward": 0},
        {"feedforward: hand-set XNOR network":
            f"feedforward(XNOR network, [0.0, 0.0]): feedforward returned None{NOT_NUMBERS}",
         "feedforward: hidden case 4-8-3":
            f"on a random 4-8-3 network, feedforward returned None{NOT_NUMBERS}"}),
    "returns_nan.py": Expected(
        "sigmoid returns NaN for |x| >= 1000", {"sigmoid": 4},
        {OVERFLOW: "sigmoid(1000): 1 of 1 numbers differ; first at the result: expected 1, "
                   "got nan (largest relative error inf, tolerance 1e-06)"}),
    "returns_ragged.py": Expected(
        "batch_update_nn returns a ragged network (it does not mutate its argument)",
        {"batch_update_nn": 0},
        {"batch_update_nn: network not mutated":
            'holds, but earns its points only with correct values: "all-ones fixture", '
            '"worked example (Mazur)", "hidden case 3-5-4-2" and "hidden case 4-8-3" failed',
         "batch_update_nn: all-ones fixture":
            "batch_update_nn on all ones with eta=1: network[1] has shape (1, 2), "
            "expected (1, 3)",
         "batch_update_nn: worked example (Mazur)":
            "batch_update_nn on Mazur's example with eta=0.5: network[1] is not a rectangular "
            "array of numbers (ragged lists?)",
         "batch_update_nn: hidden case 3-5-4-2":
            "on a random 3-5-4-2 network, network[2] is not a rectangular array of numbers "
            "(ragged lists?)",
         "batch_update_nn: hidden case 4-8-3":
            "on a random 4-8-3 network, network[1] is not a rectangular array of numbers "
            "(ragged lists?)"}),
    # recursion, threads
    "deep_recursion.py": Expected(  # which of two ways it fails: a test of its own
        "sys.setrecursionlimit(10**6), then recursion through C", {"multi_accuracy": 0},
        multi_accuracy_lost("multi_accuracy ", starts=True), problems=None),
    "correct_leaves_thread.py": Expected("correct; leaves non-daemon threads sleeping"),
}


@pytest.fixture(scope="module")
def graders():
    """One Grader per kind of limits, its reference run collected before any submission."""
    made: dict[str, Grader] = {}

    def get(kind: str) -> Grader:
        if kind not in made:
            made[kind] = Grader(SUITE, reference=REFERENCE, seed=SEED, limits=LIMITS[kind])
            made[kind].expected()
        return made[kind]

    return get


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


def as_here(name: str, copies: Path) -> Path:
    """The file to grade: a copy that names this checkout's reference where the file names
    /work/main's."""
    path = HOSTILE / name
    if name.endswith(".py") and str(REFERENCE) != "/work/main/solutions/backprop/backprop.ipynb":
        source = path.read_text(encoding="utf-8")
        if "/work/main/solutions/backprop/backprop.ipynb" in source:
            path = copies / name
            path.write_text(source.replace("/work/main/solutions/backprop/backprop.ipynb",
                                           str(REFERENCE)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graded(graders, copies):
    """The report of a hostile file, graded once with the limits its entry names."""
    reports = {}

    def report(name):
        if name not in reports:
            grader = graders(TABLE[name].limits)
            reports[name] = grader.grade(as_here(name, copies), results=REFERENCE_RESULTS)
        return reports[name]

    return report


def first_lines(problems: list[str]) -> list[str]:
    return [problem.splitlines()[0] for problem in problems]


@pytest.mark.parametrize("name", sorted(TABLE))
def test_hostile_submission_costs_only_the_affected_checks(graded, name):
    expected = TABLE[name]
    report = graded(name)  # returning at all is the grader's survival
    assert report.loaded
    assert {q.name: q.score for q in report.questions} == {**FULL, **expected.scores}
    failing = {c.title: c.message for c in report.checks if not c.passed}
    if expected.every_call_lost:
        assert set(failing) == {c.title for c in report.checks if c.question in FUNCTIONS}
        for check in report.checks:
            if check.question in FUNCTIONS:
                assert check.message.endswith(f"{check.question} {expected.every_call_lost}"), (
                    check.title, check.message)
    else:
        assert set(failing) == set(expected.messages), failing
        for title, wanted in expected.messages.items():
            assert matches(failing[title], wanted), (title, failing[title])
    if expected.problems is not None:
        assert first_lines(report.problems) == list(expected.problems)


# What the table cannot say


def test_a_hang_at_import_in_the_first_submission_still_gets_graded():
    """A fresh Grader whose first submission hangs until the limit of the whole run: the
    reference ran long before (it needs a fraction of a second) and must still count."""
    grader = Grader(SUITE, reference=REFERENCE, seed=SEED, limits=LIMITS["cells"])
    report = grader.grade(HOSTILE / "loop_at_import.py", results=REFERENCE_RESULTS)
    assert (report.score, report.max_score) == (10, 100)
    assert first_lines(report.problems) == [
        stopped("while its cells ran", "it ran past the time limit of 3 s")]


def test_fork_bomb_stops_at_the_process_limit(graded):
    report = graded("fork_bomb.py")
    assert (report.score, report.max_score) == (100, 100)
    (problem,) = first_lines(report.problems)
    found = re.fullmatch(r"code cell 1 raised RuntimeError: fork bomb stopped after (\d+) of 300 "
                         r"forks: \[Errno 11\] Resource temporarily unavailable", problem)
    assert found, problem
    assert 0 < int(found[1]) < LIMITS["standard"].processes


def test_deep_recursion_fails_only_its_call(graded):
    """Through C the recursion overflows the C stack (Python 3.11: a segmentation fault), or
    Python stops it first (3.12 counts C recursion apart): either way that call fails."""
    report = graded("deep_recursion.py")
    crashed = "it crashed (segmentation fault: recursion too deep?)"
    failing = {c.title: c.message for c in report.checks if not c.passed}
    if report.problems:
        assert failing == multi_accuracy_lost(f"multi_accuracy gave no answer: {crashed}")
        assert first_lines(report.problems) == [
            stopped("during a call of multi_accuracy", crashed, 2)]
    else:
        wanted = multi_accuracy_lost("multi_accuracy raised RecursionError: maximum recursion "
                                     "depth exceeded", starts=True)
        assert set(failing) == set(wanted)
        assert all(matches(failing[title], start) for title, start in wanted.items()), failing


def test_stdout_flood_keeps_one_mebibyte(graded):
    report = graded("stdout_flood_1gb.py")
    kept = ("x" * 1023 + "\n") * 1024  # the first MiB of 1 GiB
    assert report.stdout == kept + f"\n[{2**30 - 2**20} more bytes were dropped]"
    assert report.stderr == ""


def test_flood_during_calls_is_capped(graded):
    report = graded("correct_floods_stdout.py")
    kept, dropped = report.stdout.rsplit("\n[", 1)
    assert len(kept.encode()) == LIMITS["standard"].output_bytes
    assert kept.startswith("feedforward_ ....")
    assert re.fullmatch(r"\d+ more bytes were dropped\]", dropped)
    assert "training for 500 epochs" in report.stderr


FAKE = json.dumps({
    "score": 100.0,
    "max_score": 100.0,
    "output": "All tests passed",
    "tests": [{"name": "multi_accuracy: worked example", "score": 5.0, "max_score": 5.0,
               "status": "passed"}],
})


def test_fake_results_json_is_only_printed_output(graded):
    report = graded("fake_gradescope_json.py")
    results = gradescope.as_dict(report)
    assert (results["score"], results["max_score"]) == (95, 100)
    assert "All tests passed" not in results["output"]
    assert "All tests passed" not in text.render(report)


def test_what_the_submission_printed_reaches_the_report(graded):
    """It prints the fake JSON on each stream at import and in every call of multi_accuracy
    (the worked example and three hidden data sets); the report keeps what a submission
    prints, up to 1 MiB, on both."""
    report = graded("fake_gradescope_json.py")
    assert report.stderr.count(FAKE) == 5
    assert report.stdout.count(FAKE) == 5


def test_fake_results_json_through_the_command_line():
    command = [sys.executable, "-m", "autograder", "grade",
               str(HOSTILE / "fake_gradescope_json.py"), "--format", "json",
               "--results", str(REFERENCE_RESULTS), "--call-timeout", "5", "--timeout", "30"]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    results = json.loads(run.stdout)  # the whole of stdout is the real report
    assert (results["score"], results["max_score"]) == (95, 100)
    statuses = {t["name"]: t["status"] for t in results["tests"] if t["status"] != "passed"}
    assert statuses == {WORKED: "failed", HIDDEN: "failed"}


def test_notebooks_found_by_walking_the_file_system_exclude_the_course(graded):
    report = graded("glob_notebooks.py")
    assert (report.score, report.max_score) == (100, 100)
    (problem,) = first_lines(report.problems)
    assert problem.startswith("code cell 1 raised FileNotFoundError: found ")
    (line,) = [line for line in report.stdout.splitlines() if line.startswith("FOUND ")]
    found = json.loads(line.removeprefix("FOUND "))
    venv = Path(sys.prefix)
    course = [path for path in found if "/solutions/" in path or "/assignments/" in path
              or path.endswith("/backprop.ipynb")
              or (path.startswith(f"{ROOT}/") and not Path(path).is_relative_to(venv))]
    assert course == []


def test_the_reference_cannot_be_read_by_path(graded):
    report = graded("open_reference.py")
    (line,) = [line for line in report.stdout.splitlines() if line.startswith("ATTEMPTS ")]
    attempts = json.loads(line.removeprefix("ATTEMPTS "))
    relative = "solutions/backprop/backprop.ipynb"
    assert {str(REFERENCE), relative} <= set(attempts)
    assert any(path.endswith("../" * 8 + relative) for path in attempts)
    read = {path: result for path, result in attempts.items() if result == "read"}
    assert read == {}
    assert report.score == 10  # results.txt only: nothing of the reference ran


def snapshot(folders: list[Path], deep: list[Path]) -> set[tuple[str, int]]:
    """Every results.json in `deep` (walked) and directly in `folders`, with its mtime."""
    found = set()
    for root in deep:
        for folder, _, files in os.walk(root):
            if "results.json" in files:
                path = os.path.join(folder, "results.json")
                found.add((path, os.stat(path).st_mtime_ns))
    for folder in folders:
        path = folder / "results.json"
        if path.is_file():
            found.add((str(path), path.stat().st_mtime_ns))
    return found


@pytest.fixture(scope="module")
def results_json_everywhere(graders, tmp_path_factory):
    """Grade the results.json sprayer from a tmp folder of its own; the results.json files on
    this machine (the project tree and that folder walked, common folders looked into)
    before and after."""
    tmp_path = tmp_path_factory.mktemp("sprayed")
    path = tmp_path / "results_json_everywhere.py"
    shutil.copy(HOSTILE / path.name, path)
    folders = [Path("/"), Path("/work"), Path.home(), Path(tempfile.gettempdir()),
               Path("/dev/shm"), Path("/autograder")]
    before = snapshot(folders, [ROOT, tmp_path])
    report = graders("standard").grade(path, results=REFERENCE_RESULTS)
    after = snapshot(folders, [ROOT, tmp_path])
    for leaked, _ in after - before:  # asserted by the test; not left on this machine
        Path(leaked).unlink(missing_ok=True)
    (line,) = [line for line in report.stdout.splitlines() if line.startswith("WROTE ")]
    return report, before, after, json.loads(line.removeprefix("WROTE "))


def test_results_json_written_everywhere_reaches_nothing_outside(results_json_everywhere):
    report, before, after, _ = results_json_everywhere
    assert (report.score, report.max_score) == (100, 100)
    assert report.problems == []
    assert after == before


def test_results_json_can_be_written_only_in_the_private_folders(results_json_everywhere):
    """Inside the sandbox, writing works only in the child's own folder and its private
    temporary folders; everything else it sees is read-only."""
    _, _, _, written = results_json_everywhere
    private = ("/sandbox", "/tmp", "/dev/shm")
    assert "/sandbox" in written  # the walk ran and could write where it may
    elsewhere = sorted({folder for folder in written
                        if not any(folder == p or folder.startswith(f"{p}/") for p in private)})
    assert elsewhere == []


def test_no_network_inside_the_sandbox(graders, tmp_path):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        path = tmp_path / "network.py"
        source = (HOSTILE / "network.py").read_text(encoding="utf-8")
        assert "PORT = 9\n" in source
        path.write_text(source.replace("PORT = 9\n", f"PORT = {port}\n"), encoding="utf-8")
        report = graders("standard").grade(path, results=REFERENCE_RESULTS)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    assert (report.score, report.max_score) == (100, 100)
    (line,) = [line for line in report.stdout.splitlines() if line.startswith("NETWORK ")]
    attempts = json.loads(line.removeprefix("NETWORK "))
    assert set(attempts) == {f"127.0.0.1:{port}", "1.1.1.1:80", "8.8.8.8:53", "example.com"}
    for target, result in attempts.items():
        assert re.match(r"(OSError|ConnectionRefusedError|gaierror|TimeoutError): ", result), (
            target, result)


def test_a_forged_done_on_the_reply_channel(graders):
    """{"kind": "done"} before any call: no call was answered, and the report says so."""
    report = graders("standard").grade(HOSTILE / "forge_done.py", results=REFERENCE_RESULTS)
    assert {q.name: q.score for q in report.questions} == {**FULL, **ALL_FUNCTIONS_ZERO}
    for check in report.checks:
        if check.question in FUNCTIONS:
            assert f"{check.question} gave no answer" in check.message, check.message
    assert report.problems


def test_a_hidden_case_message_does_not_give_away_the_expected_value(graded, graders):
    """patch_harness_gc.py answers 1.0 to every call of multi_accuracy. For one number, "got
    g (largest relative error r)" with r = |g - y| / (|g| + |y|) solves for the hidden y."""
    report = graded("patch_harness_gc.py")
    (message,) = [c.message for c in report.checks if c.title == HIDDEN]
    shown = re.search(r"got (\S+) \(largest relative error ([\d.e+-]+),", message)
    if shown is None:
        return  # no relative error shown: nothing to solve
    got, error = float(shown[1]), float(shown[2])
    grader = graders("standard")
    (plan,) = [p for p in grader.planned if f"{p.question.name}: {p.check.name}" == HIDDEN]
    (hidden,) = [grader.expected()[i].value for i in plan.hidden_calls]
    solutions = [got * (1 - error) / (1 + error), got * (1 + error) / (1 - error)]
    assert min(abs(y - hidden) for y in solutions) > 0.05 * abs(hidden), (message, hidden)


def test_every_hostile_file_is_tested():
    own_tests = {"results_json_everywhere.py", "network.py", "forge_done.py"}
    files = {p.name for p in HOSTILE.iterdir() if p.suffix in (".py", ".ipynb")}
    assert files == set(TABLE) | own_tests


def test_the_report_names_the_sandbox(graded):
    report = graded("kill_parent.py")
    assert report.sandbox == SANDBOX.name
    assert f"(sandbox: {SANDBOX.name})" in text.render(report).splitlines()[0]
    assert gradescope.as_dict(report)["output"].startswith(f"sandbox: {SANDBOX.name}")


@pytest.mark.needs("bubblewrap")
def test_where_bubblewrap_works_it_is_the_sandbox(graded):
    assert graded("kill_parent.py").sandbox == "bubblewrap"


def test_the_grader_survives_every_hostile_submission(graders):
    """Run last: after every hostile file, each grader still grades a correct submission."""
    for kind in LIMITS:
        report = graders(kind).grade(ROOT / "tests" / "submissions" / "correct_loops.py",
                                     results=REFERENCE_RESULTS)
        assert (report.score, report.max_score, report.problems) == (100, 100, []), kind


def test_terminal_escapes_reach_no_terminal(graded):
    """What the student raised and printed is kept in the report as it was, and leaves for a
    terminal (the text report, the class summary) without a control character."""
    report = graded("terminal_escapes.py")
    assert report.stdout == "\x1b]0;pwned\x07\x1b[2J\x1b[1;1Hscore: 100/100\n"
    shown = text.render(report, verbose=True) + summary.text(summary.summarize("backprop",
                                                                               [report]))
    assert not re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown)
    assert "multi_accuracy raised ValueError: boom" in shown
