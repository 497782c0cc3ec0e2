"""The sandbox from the grader's side: who a child is on the host, what it may read and
write, how large its folder may grow, and that children of classmates graded at the same
time cannot reach each other.

Graders run as root in Docker and on Gradescope, and so does CI: that is where a child must
not be root outside its namespace, and the tests that need a root grader say so. A child's
uid is read where the host keeps it (/proc/PID/status of the sandboxed Python), never from
inside, where bubblewrap's intermediate namespace can show 0 even when all is well.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from autograder.load import Cell
from autograder.run.child import Child, Limits, Outcome
from autograder.run.protocol import Call
from autograder.run.sandbox import NOBODY_USER, choose, reachable_by_others
from tests.conftest import lacking

ROOT = Path(__file__).resolve().parents[1]
SANDBOX = choose()
ROOT_GRADER = os.geteuid() == 0
NAMESPACED = SANDBOX.name == "bubblewrap"
LIMITS = Limits(wall_seconds=30, call_seconds=20)

pytestmark = pytest.mark.needs("sandbox")
needs_root = pytest.mark.needs("root")

WAITS = Cell(1, "import os, time\n\n"
                "def wait(seconds):\n"
                "    time.sleep(seconds)\n"
                "    return seconds\n")


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, found from the host's /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [pid]
    while frontier:
        frontier = [p for p, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def sandboxed_python(child: Child, seconds: float = 10.0) -> int:
    """The host's pid of the child's Python (the harness), below bubblewrap if there is one."""
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        for pid in [child.process.pid, *descendants(child.process.pid)]:
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv[0] == os.fsencode(sys.executable) and argv[2].endswith(b"/harness.py"):
                return pid
        time.sleep(0.05)
    raise AssertionError("the child's Python never started")


def host_uids(pid: int) -> set[int]:
    """Real, effective, saved and file-system uid of a process, as the host sees them."""
    (line,) = [line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
               if line.startswith("Uid:")]
    return {int(uid) for uid in line.split()[1:]}


def collected(children: list[Child]) -> list[Outcome]:
    """Collect children at the same time, each in a thread of its own (as a batch does)."""
    outcomes: dict[int, Outcome] = {}

    def one(n: int) -> None:
        outcomes[n] = children[n].collect()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(children))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [outcomes[n] for n in range(len(children))]


@needs_root
def test_each_child_is_an_unprivileged_uid_of_its_own_on_the_host():
    children = [Child([WAITS], [Call("wait", (1.0,))], LIMITS, sandbox=SANDBOX)
                for _ in range(2)]
    pythons = [sandboxed_python(child) for child in children]
    uids = [host_uids(pid) for pid in pythons]
    starters = [host_uids(child.process.pid) for child in children]  # bubblewrap itself
    outcomes = collected(children)
    assert [o.replies[0].value for o in outcomes] == [1.0, 1.0]
    for own, starter in zip(uids, starters):
        assert 0 not in own and 0 not in starter
        assert len(own) == 1 and own == starter  # one uid for all four, the starter's too
    assert uids[0] != uids[1]


def test_children_graded_at_once_do_not_share_a_process_namespace_or_uid():
    """Under any grader user: two children cannot see each other (bubblewrap's pid
    namespaces) or, without namespaces, are two uids."""
    children = [Child([WAITS], [Call("wait", (1.0,))], LIMITS, sandbox=SANDBOX)
                for _ in range(2)]
    pythons = [sandboxed_python(child) for child in children]
    namespaces = [os.readlink(f"/proc/{pid}/ns/pid") for pid in pythons]
    uids = [host_uids(pid) for pid in pythons]
    collected(children)
    if NAMESPACED:
        assert namespaces[0] != namespaces[1]
        assert namespaces[0] != os.readlink("/proc/self/ns/pid")
    else:
        assert uids[0] != uids[1]


PROBES = Cell(1, '''import errno, os

def probe(value):
    try:
        with open("/etc/shadow") as secrets:
            secrets.read()
        print("shadow: read")
    except OSError as error:
        print("shadow:", errno.errorcode[error.errno])
    try:
        with open("/proc/sys/vm/swappiness", "w") as setting:
            setting.write(str(int(value)))
        print("swappiness: written")
    except OSError as error:
        print("swappiness:", errno.errorcode[error.errno])
    print("sys:", "present" if os.path.exists("/sys/kernel") else "absent")
    return value
''')


def test_root_only_files_are_unreadable_and_proc_sys_is_read_only():
    setting = Path("/proc/sys/vm/swappiness")
    before = setting.read_text()
    other = int(before) + 1 if int(before) < 100 else int(before) - 1
    try:
        outcome = Child([PROBES], [Call("probe", (float(other),))], LIMITS,
                        sandbox=SANDBOX).collect()
        after = setting.read_text()
    finally:
        if setting.read_text() != before:  # asserted below; not left changed on this machine
            setting.write_text(before)
    assert after == before
    assert outcome.replies[0].value == float(other)
    assert outcome.stdout.splitlines() == [
        "shadow: EACCES",
        f"swappiness: {'EROFS' if NAMESPACED else 'EACCES'}",
        f"sys: {'absent' if NAMESPACED else 'present'}",
    ]


FILLS = Cell(1, '''import os, time

def fill(mebibytes):
    written = 0
    try:
        with open(f"marker-{MARK}", "wb") as filler:
            while written < mebibytes:
                filler.write(b"x" * 2**20)
                filler.flush()
                written += 1
        print("written:", written)
    except OSError as error:
        print("stopped:", error.strerror, "after", written, "MiB")
    time.sleep(1)  # while the grader looks for the file on the host
    return float(written)
''')


@pytest.mark.needs("bubblewrap")  # without it the child's folder is on the host's disk
def test_the_childs_folder_is_a_capped_tmpfs_and_never_the_hosts_disk():
    mark = uuid.uuid4().hex
    limits = Limits(wall_seconds=30, call_seconds=20, folder_bytes=8 * 2**20)
    cell = Cell(1, FILLS.source.replace("{MARK}", mark))
    child = Child([cell], [Call("fill", (64.0,))], limits, sandbox=SANDBOX)
    python = sandboxed_python(child)
    mounts = Path(f"/proc/{python}/mountinfo").read_text().splitlines()
    written = Path(f"/proc/{python}/root/sandbox/marker-{mark}")  # as the child sees it
    until = time.perf_counter() + 10
    while not written.exists() and time.perf_counter() < until:
        time.sleep(0.02)
    on_host = [p for p in Path(tempfile.gettempdir()).glob(f"*/marker-{mark}")]
    outcome = child.collect()
    assert written.parent != Path("/proc")  # the file was seen where the child wrote it
    (folder,) = [line for line in mounts if line.split()[4] == "/sandbox"]
    assert " - tmpfs " in folder and "size=8192k" in folder
    assert on_host == []
    (said,) = outcome.stdout.splitlines()
    assert said.startswith("stopped: No space left on device after ")
    assert int(said.split()[-2]) < 8
    assert outcome.replies[0].ok


ATTACKS = Cell(1, '''import glob, os, signal, time

def hit():
    """SIGKILL to every process it can see but itself, and a line appended to every
    harness.py or autograder-* file outside its own folder: for 3 s, over and over."""
    own = os.path.realpath(os.getcwd())
    killed, written = set(), set()
    until = time.time() + 3
    while time.time() < until:
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) != os.getpid():
                try:
                    os.kill(int(entry), signal.SIGKILL)
                    killed.add(int(entry))
                except OSError:
                    pass
        for path in {*glob.glob("/tmp/autograder-*/*"), *glob.glob("/tmp/*/harness.py")}:
            if os.path.realpath(path).startswith(own + os.sep):
                continue
            try:
                with open(path, "a") as target:
                    target.write("\\nraise SystemExit\\n")
                written.add(path)
            except OSError:
                pass
        time.sleep(0.05)
    print("KILLED", sorted(killed))
    print("WRITTEN", sorted(written))

def attack(x):
    hit()
    return x
''')


def test_a_child_cannot_kill_or_overwrite_a_classmates_child_running_at_once():
    """Two graders' children at the same time: the one attacks for 3 s, the other is started
    while it does and must answer every call, and its harness must be its own."""
    attacker = Child([ATTACKS], [Call("attack", (1.0,))], LIMITS, sandbox=SANDBOX)
    sandboxed_python(attacker)
    time.sleep(0.5)
    victim = Child([WAITS], [Call("wait", (0.5,)), Call("wait", (1.0,))], LIMITS,
                   sandbox=SANDBOX)
    victims_python = sandboxed_python(victim)
    assert victims_python in [int(p) for p in os.listdir("/proc") if p.isdigit()]
    attacked, graded = collected([attacker, victim])
    assert attacked.replies[0].value == 1.0
    assert graded.stopped is None and graded.cell_errors == []
    assert [r.value for r in graded.replies] == [0.5, 1.0]
    lines = dict(line.split(" ", 1) for line in attacked.stdout.splitlines())
    assert json.loads(lines["WRITTEN"]) == []
    reached = set(json.loads(lines["KILLED"]))
    assert victims_python not in reached and victim.process.pid not in reached


# Without bubblewrap: the same guarantees, from a uid of each child's own


def interpreter_others_may_run() -> str | None:
    """A Python that a uid with no relation to its owner may start: this one, unless it
    lies under a folder only its owner may enter; the system's."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(candidate) and reachable_by_others(candidate):
            return candidate
    return None


FALLBACK = r'''
import json, os, sys, threading, time
from collections import namedtuple
from autograder.run.child import Child, Limits
from autograder.run.protocol import Call
from autograder.run.sandbox import NOBODY_USER

Cell = namedtuple("Cell", "index source")
ATTACKS, WAITS, mark = sys.argv[1], sys.argv[2], sys.argv[3]
LEAVES = Cell(2, f"""
import subprocess

def leave(x):
    # a process that leaves the process group to outlive the child, and a file in /tmp
    subprocess.Popen(["sleep", "60"], start_new_session=True)
    open("/tmp/left-{mark}", "w").write("x")
    return x
""")
limits = Limits(wall_seconds=30, call_seconds=20)
victim = Child([Cell(1, WAITS)], [Call("wait", (3.0,))], limits, sandbox=NOBODY_USER)
time.sleep(0.5)
attacker = Child([Cell(1, ATTACKS), LEAVES], [Call("attack", (1.0,)), Call("leave", (2.0,))],
                 limits, sandbox=NOBODY_USER)
uids = [victim.place.uid, attacker.place.uid]
folders = [str(victim.place.folder), str(attacker.place.folder)]
modes = [oct(os.stat(f).st_mode & 0o777) for f in folders]
owners = [os.stat(f).st_uid for f in folders]
outcomes = {}
threads = [threading.Thread(target=lambda n=n, c=c: outcomes.update({n: c.collect()}))
           for n, c in (("victim", victim), ("attacker", attacker))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
def of_attacker():
    found = []
    for pid in os.listdir("/proc"):
        try:
            status = open(f"/proc/{pid}/status").read()
        except OSError:
            continue
        if f"Uid:\t{uids[1]}\t" in status:
            found.append(status.splitlines()[:3])
    return found

until = time.time() + 5  # SIGKILL is sent at once, and takes effect soon after
while of_attacker() and time.time() < until:
    time.sleep(0.05)
left = of_attacker()
print(json.dumps({
    "uids": uids, "modes": modes, "owners": owners,
    "victim": [r.value for r in outcomes["victim"].replies],
    "victim_stopped": outcomes["victim"].stopped,
    "attacker": [r.value for r in outcomes["attacker"].replies],
    "printed": outcomes["attacker"].stdout,
    "left_processes": left, "left_file": os.path.exists(f"/tmp/left-{mark}"),
}))
'''


@needs_root
def test_without_bubblewrap_each_child_is_its_own_uid_and_leaves_nothing():
    python = interpreter_others_may_run()
    if python is None:
        lacking("needs a Python that a child's uid may start (this one lies where other "
                "users may not read, and /usr/bin/python3 is missing)")
    mark = uuid.uuid4().hex
    run = subprocess.run(
        [python, "-c", FALLBACK, ATTACKS.source, WAITS.source, mark], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=120)
    assert run.returncode == 0, run.stderr
    facts = json.loads(run.stdout.splitlines()[-1])
    victim, attacker = facts["uids"]
    assert 0 not in facts["uids"] and victim != attacker
    assert facts["owners"] == facts["uids"] and facts["modes"] == ["0o700", "0o700"]
    assert facts["victim"] == [3.0] and facts["victim_stopped"] is None
    assert facts["attacker"] == [1.0, 2.0]
    lines = dict(line.split(" ", 1) for line in facts["printed"].splitlines())
    assert json.loads(lines["WRITTEN"]) == []
    assert json.loads(lines["KILLED"]) == []  # it signalled no process it could see
    assert facts["left_processes"] == [] and facts["left_file"] is False
    assert NOBODY_USER.demote


# The reply channel


ANSWERS_LONG = Cell(1, "def many(n):\n    return [i / 7 for i in range(int(n))]\n")


def test_a_long_reply_arrives_whole():
    """300,000 numbers, about 6 MB of JSON on one line, read 64 KiB at a time."""
    outcome = Child([ANSWERS_LONG], [Call("many", (300_000.0,)), Call("many", (3.0,))], LIMITS,
                    sandbox=SANDBOX).collect()
    assert outcome.stopped is None
    assert outcome.replies[0].value == [i / 7 for i in range(300_000)]
    assert outcome.replies[1].value == [0.0, 1 / 7, 2 / 7]


SENDS_ENDLESS_LINE = Cell(1, '''import os, sys

def endless(x):
    while True:
        os.write(int(sys.argv[1]), b"7" * 2**20)

def fine(x):
    return x
''')


def test_an_endless_line_on_the_reply_channel_stops_the_child_with_a_reason():
    from autograder.run.child import run

    outcome = run([SENDS_ENDLESS_LINE], [Call("fine", (1.0,)), Call("endless", (2.0,)),
                                         Call("fine", (3.0,))], LIMITS, SANDBOX)
    reason = "it sent a line longer than 8 MiB on its reply channel"
    assert [r.value for r in outcome.replies] == [1.0, None, 3.0]
    assert outcome.replies[1].lost == reason
    assert outcome.stopped == f"during a call of endless: {reason}"
