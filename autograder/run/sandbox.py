"""Where a child runs: a bubblewrap sandbox, an unprivileged user, or, if asked, as is.

bubblewrap gives the child a read-only view of the system and of Python with its
packages, a private writable folder, and no network, other processes or IPC; the
course directory (solutions/ with it) is simply not there. Where bubblewrap is missing
or cannot make namespaces and the grader is root, the child runs as `nobody` instead,
with solutions/ made unreadable to it. Elsewhere there is no isolation, and hidden
checks run only when the user says so (`--unsafe-no-sandbox`).
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import site
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534
INSIDE = Path("/sandbox")  # the child's private folder, as the child sees it
CACHE = Path("/cache")  # the shared matplotlib cache, as the child sees it
TMP_BYTES = 64 * 2**20  # the child's /tmp and /dev/shm live in memory
SYSTEM = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc")


@dataclass(frozen=True)
class Sandbox:
    """How to start a child; `isolates` says whether hidden checks may run under it."""

    name: str
    isolates: bool
    demote: bool = False  # drop to the user nobody before starting
    hide: tuple[Path, ...] = ()  # folders the child must not see (the solutions)

    @property
    def namespaced(self) -> bool:
        """The child runs in bubblewrap's namespaces, with its own names for its folders."""
        return self.name == "bubblewrap"

    def command(self, argv: list[str], workdir: Path, cache: Path) -> list[str]:
        """The command line that runs argv (which names files in workdir) under this sandbox."""
        if not self.namespaced:
            return argv
        inside = [str(INSIDE / Path(a).relative_to(workdir)) if a.startswith(str(workdir))
                  else a for a in argv]
        return [*bubblewrap_options(workdir, cache, self.hide), "--", *inside]

    def preexec(self, cap: ProcessCap | None) -> Callable[[], None]:
        """What the forked child does before it becomes the sandbox: join its process cap,
        then, for the unprivileged user, drop to nobody."""
        def prepare() -> None:
            if cap is not None:
                cap.join()
            if self.demote:
                _become_nobody()
        return prepare

    def folders_for_child(self, workdir: Path, cache: Path) -> tuple[Path, Path, Path]:
        """Home, temporary folder and matplotlib cache, as the child names them."""
        if self.namespaced:
            return INSIDE, Path("/tmp"), CACHE
        return workdir, workdir, cache


def _become_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def python_paths() -> list[str]:
    """Folders the child's Python needs: the interpreter's own and its site-packages."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             *site.getsitepackages(), site.getusersitepackages()}
    paths |= {sysconfig.get_path(name) for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    return sorted(p for p in paths if p and os.path.isdir(p))


def grader_source() -> Path:
    return Path(__file__).resolve().parents[1]


def bubblewrap_options(workdir: Path, cache: Path, hide: tuple[Path, ...]) -> list[str]:
    options = ["bwrap", "--unshare-all", "--uid", str(NOBODY), "--gid", str(NOBODY),
               "--die-with-parent", "--new-session",
               "--proc", "/proc", "--dev", "/dev", "--size", str(TMP_BYTES), "--tmpfs", "/tmp",
               "--size", str(TMP_BYTES), "--tmpfs", "/dev/shm"]
    bound = [*SYSTEM, *python_paths()]
    for folder in bound:
        options += ["--ro-bind-try", folder, folder]
    # What lies inside a bound folder but must stay out of sight: the grader's own source
    # (installed into site-packages) and the solutions, wherever the course lives.
    for secret in {grader_source(), *(p.resolve() for p in hide)}:
        if any(secret.is_relative_to(Path(folder).resolve()) for folder in bound):
            options += ["--tmpfs", str(secret)]
    options += ["--bind", str(workdir), str(INSIDE), "--chdir", str(INSIDE),
                "--ro-bind", str(cache), str(CACHE), "--remount-ro", "/", "--remount-ro", "/dev"]
    return options


@functools.cache
def bubblewrap_works() -> bool:
    if shutil.which("bwrap") is None:
        return False
    probe = ["bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@functools.cache
def nobody_runs_python() -> bool:
    """Whether the user nobody can start this Python with numpy: not so where Python was
    installed under a home folder that only its owner may read."""
    probe = [sys.executable, "-I", "-c", "import numpy"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30, cwd="/",
                              preexec_fn=_become_nobody).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


BUBBLEWRAP = Sandbox("bubblewrap", isolates=True)
NOBODY_USER = Sandbox("unprivileged user", isolates=True, demote=True)
NONE = Sandbox("none", isolates=False)


def choose(allow_bubblewrap: bool = True) -> Sandbox:
    """The strongest sandbox this machine offers."""
    if allow_bubblewrap and bubblewrap_works():
        return BUBBLEWRAP
    if os.geteuid() == 0 and nobody_runs_python():
        return NOBODY_USER
    return NONE


PIDS_CGROUPS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))


class ProcessCap:
    """A pids cgroup of the child's own: a fork bomb stops at `limit` processes.

    RLIMIT_NPROC counts a user's processes and does not bind root, so where the grader
    may create cgroups (cgroup v1's pids hierarchy, or v2 with the pids controller) each
    child gets one; elsewhere the process limit holds only where the child runs as nobody.
    """

    def __init__(self, folder: Path, limit: int) -> None:
        self.folder = folder
        (folder / "pids.max").write_text(str(limit))

    @classmethod
    def create(cls, limit: int) -> ProcessCap | None:
        for root in PIDS_CGROUPS:
            controllers = root / "cgroup.controllers"
            if root.name != "pids" and not (controllers.is_file()
                                            and "pids" in controllers.read_text().split()):
                continue
            try:
                folder = Path(tempfile.mkdtemp(prefix="autograder-", dir=root))
                return cls(folder, limit)
            except OSError:
                continue
        return None

    def join(self) -> None:
        """Called in the forked child, before exec: this process and its children join."""
        (self.folder / "cgroup.procs").write_text(str(os.getpid()))

    def close(self) -> None:
        """Kill what is left in the group (a process that escaped the process group), then
        remove it."""
        try:
            for pid in (self.folder / "cgroup.procs").read_text().split():
                os.kill(int(pid), signal.SIGKILL)
        except (OSError, ValueError):
            pass
        for _ in range(50):  # the kernel frees the group once its last process is reaped
            try:
                self.folder.rmdir()
                return
            except OSError:
                time.sleep(0.01)


def hide_from_nobody(folder: Path) -> None:
    """Make a folder unreadable to users other than its owner and group (for NOBODY_USER)."""
    if folder.is_dir() and folder.stat().st_mode & 0o007:
        folder.chmod(folder.stat().st_mode & ~0o007)
