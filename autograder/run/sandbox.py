"""Where a child runs: a bubblewrap sandbox, an unprivileged user, or, if asked, as is.

bubblewrap gives the child a read-only view of the system and of Python with its
packages, a private folder of its own in memory (/sandbox, a tmpfs of `folder_bytes`;
/tmp and /dev/shm are tmpfs of TMP_BYTES), and no network, other processes or IPC;
/proc/sys is read-only and /sys is not there; the course directory (solutions/ with it)
is simply not there. The child never writes the host's disk.

Under a root grader, every child is a uid of its own on the host (`Uids`: a block of
uids per grader process, one per running child), not root and not any classmate's: it
cannot signal, trace or read another child, and RLIMIT_NPROC binds it. bubblewrap is
started as that uid, so it makes an unprivileged user namespace whose uid 65534 is that
uid outside. Python folders that uid cannot reach (under /root, mode 700) are first
bind-mounted, in a mount namespace of the child's own, onto world-traversable empty
folders that bubblewrap then binds at their own paths. Under a grader that is not root,
bubblewrap runs as the grader's user and its namespaces keep children apart.

Where bubblewrap is missing or cannot run so and the grader is root, the child runs as
its own uid without namespaces ("unprivileged user"), with solutions/ made unreadable to
other users. There, per child, CPU, memory, the size of one file, processes and the wall
clock are bounded, and its folder is private to its uid (mode 700). Not bounded: what it
writes in all while it runs, to its folder (on the host's disk) and to /tmp, /var/tmp and
/dev/shm; its folder, what it left at the top of those, and every process of its uid go
when it ends. Not isolated: it can read any file on the host that others may read and see
the host's processes, though it can signal or trace none but its own.

Elsewhere (no bubblewrap, a grader that is not root) there is no isolation, and hidden
checks run only when the user says so (`--unsafe-no-sandbox`).
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import shutil
import signal
import site
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

NOBODY = 65534  # the child's uid as it sees itself inside bubblewrap
INSIDE = Path("/sandbox")  # the child's private folder, as the child sees it
CACHE = Path("/cache")  # the shared matplotlib cache, as the child sees it
TMP_BYTES = 64 * 2**20  # the child's /tmp and /dev/shm live in memory
SYSTEM = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc")
WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm")  # where a child without namespaces may write

# A file to place in the child's folder: its content, or a file the grader reads it from.
Content = bytes | Path


@dataclass(frozen=True)
class Sandbox:
    """How to start a child; `isolates` says whether hidden checks may run under it."""

    name: str
    isolates: bool
    demote: bool = False  # no namespaces: only a uid of its own keeps the child apart
    hide: tuple[Path, ...] = ()  # folders the child must not see (the solutions)

    @property
    def namespaced(self) -> bool:
        """The child runs in bubblewrap's namespaces, with its own names for its folders."""
        return self.name == "bubblewrap"

    def place(self, files: Mapping[str, Content], folder_bytes: int,
              cap: ProcessCap | None = None) -> Place:
        """A place for one child: its uid, its folder holding `files`, how to start it."""
        return Place(self, files, folder_bytes, cap)


def _checked_name(name: str) -> str:
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise ValueError(f"not a file name for the child's folder: {name!r}")
    return name


class Place:
    """One child's uid, folder and command line; `close` once the child has ended.

    The child's files are given by name (a plain file name) and content. Inside
    bubblewrap they are copied into its tmpfs folder from memory files; elsewhere they
    are written into a fresh host folder that then becomes the child's."""

    def __init__(self, sandbox: Sandbox, files: Mapping[str, Content], folder_bytes: int,
                 cap: ProcessCap | None) -> None:
        self.sandbox, self.cap, self.folder_bytes = sandbox, cap, folder_bytes
        contents = {_checked_name(name): content for name, content in files.items()}
        # Under root, each child is a uid of its own; otherwise the grader's user.
        self.uid = UIDS.take(reclaim=sandbox.demote) if _root() and sandbox.isolates else None
        self.fds: tuple[int, ...] = ()
        self.names = tuple(contents)
        self.workdir: Path | None = None
        self.cache = matplotlib_cache()
        try:
            if sandbox.namespaced:
                self.folder, self.temporary = INSIDE, Path("/tmp")
                self.fds = tuple(_memory_file(name, _read(c)) for name, c in contents.items())
            else:
                self.workdir = Path(tempfile.mkdtemp(prefix="autograder-"))
                for name, content in contents.items():
                    (self.workdir / name).write_bytes(_read(content))
                    (self.workdir / name).chmod(0o644)  # the grader's, readable by the child
                if self.uid is not None:
                    os.chown(self.workdir, self.uid, self.uid)
                self.folder = self.temporary = self.workdir
        except BaseException:
            self.close()
            raise

    @property
    def own_uid(self) -> bool:
        """Whether the child's processes are the only ones of its uid (RLIMIT_NPROC binds)."""
        return self.uid is not None

    @property
    def home(self) -> Path:
        return self.folder

    @property
    def cache_for_child(self) -> Path:
        return CACHE if self.sandbox.namespaced else self.cache

    @property
    def cwd(self) -> str:
        return "/" if self.sandbox.namespaced else str(self.workdir)

    def command(self, argv: list[str]) -> list[str]:
        """The command line that runs argv (naming files in `folder`) in this place."""
        if not self.sandbox.namespaced:
            return argv
        return [*self._bubblewrap(), "--", *argv]

    def _bubblewrap(self) -> list[str]:
        options = ["bwrap", "--unshare-all", "--uid", str(NOBODY), "--gid", str(NOBODY),
                   "--die-with-parent", "--new-session",
                   "--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys", "--dev", "/dev",
                   "--size", str(TMP_BYTES), "--tmpfs", "/tmp",
                   "--size", str(TMP_BYTES), "--tmpfs", "/dev/shm"]
        staged = _staging(self.uid is not None)
        bound = bound_folders()
        for folder in bound:
            options += ["--ro-bind-try", staged.get(folder, folder), folder]
        # What lies inside a bound folder but must stay out of sight: the grader's own source
        # (installed into site-packages) and the solutions, wherever the course lives.
        for secret in {grader_source(), *(p.resolve() for p in self.sandbox.hide)}:
            if any(secret.is_relative_to(Path(folder).resolve()) for folder in bound):
                options += ["--tmpfs", str(secret)]
        options += ["--size", str(self.folder_bytes), "--tmpfs", str(INSIDE)]
        for fd, name in zip(self.fds, self.names):
            options += ["--file", str(fd), str(INSIDE / name)]
        cache = str(self.cache)
        options += ["--chdir", str(INSIDE), "--ro-bind", staged.get(cache, cache), str(CACHE),
                    "--remount-ro", "/", "--remount-ro", "/dev"]
        return options

    def preexec(self) -> Callable[[], None]:
        """What the forked child does before it execs: join its process cap, mount the
        staged folders in a mount namespace of its own, then become its uid."""
        cap, uid = self.cap, self.uid
        mounts = list(_staging(uid is not None).items()) if self.sandbox.namespaced else []
        libc = _libc()

        def prepare() -> None:
            if cap is not None:
                cap.join()
            if mounts and uid is not None:
                _mount_staged(libc, mounts)
            # No set-uid program may give the child back what it lost.
            libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
            if uid is not None:
                _become(uid)
        return prepare

    def started(self) -> None:
        """After the child was started: its copies of the files are the child's now."""
        for fd in self.fds:
            os.close(fd)
        self.fds = ()

    def close(self) -> None:
        """After the child ended: what is left of it goes, and its uid is free again."""
        self.started()
        if self.uid is not None and self.sandbox.demote:
            _kill_all_of(self.uid)  # without namespaces, a process may have left the group
            _remove_left_behind(self.uid)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
        if self.uid is not None:
            UIDS.give_back(self.uid)
            self.uid = None


def _read(content: Content) -> bytes:
    return content if isinstance(content, bytes) else Path(content).read_bytes()


def _memory_file(name: str, content: bytes) -> int:
    """A file in memory holding `content`, for bubblewrap's --file to copy from."""
    fd = os.memfd_create(name)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]
        os.lseek(fd, 0, os.SEEK_SET)
    except OSError:
        os.close(fd)
        raise
    return fd


def _root() -> bool:
    return os.geteuid() == 0


# uids of children, under a root grader


class Uids:
    """A uid for each running child: a block of SLOTS uids per grader process (by its pid,
    so that two graders that see each other's processes never share one), taken in turn
    and given back.

    Without namespaces, a uid that was given back may have processes left (of a grader
    killed before it could stop its children, of a child that left its process group):
    `reclaim` kills them before the uid is used again. In bubblewrap, a child's processes
    end with its pid namespace."""

    BASE = 2**30  # far above any uid a system or a subordinate-uid range hands out
    SLOTS = 64
    PIDS = 2**22  # the largest pid_max Linux allows

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.used: set[int] = set()
        self.turn = 0

    def block(self) -> int:
        return self.BASE + (os.getpid() % self.PIDS) * self.SLOTS

    def take(self, reclaim: bool = True) -> int:
        with self.lock:
            for _ in range(self.SLOTS):
                uid = self.block() + self.turn
                self.turn = (self.turn + 1) % self.SLOTS
                if uid not in self.used:
                    self.used.add(uid)
                    break
            else:
                raise RuntimeError(f"more than {self.SLOTS} children at once")
        if reclaim:
            _kill_all_of(uid)
        return uid

    def give_back(self, uid: int) -> None:
        with self.lock:
            self.used.discard(uid)


UIDS = Uids()


def _become(uid: int) -> None:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def _kill_all_of(uid: int) -> None:
    """SIGKILL every process of `uid`: from a process of that uid, kill(-1) reaches exactly
    those, all at once (none can fork away meanwhile)."""
    def as_uid() -> None:
        _become(uid)
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass  # there was none

    try:
        subprocess.run(["true"], preexec_fn=as_uid, check=False, cwd="/",
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        pass


def _remove_left_behind(uid: int) -> None:
    """What a child without namespaces left in the folders every user may write."""
    for folder in WORLD_WRITABLE:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)  # safe against links
                else:
                    os.unlink(entry.path)
            except OSError:
                continue


# Folders the child sees, and those its uid could not reach on its own


def python_paths() -> list[str]:
    """Folders the child's Python needs: the interpreter's own and its site-packages."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             *site.getsitepackages(), site.getusersitepackages()}
    paths |= {sysconfig.get_path(name) for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    return sorted(p for p in paths if p and os.path.isdir(p))


def bound_folders() -> list[str]:
    """The host folders bubblewrap shows the child, read-only, at their own paths: the
    system's and Python's, less those inside another (already shown with it)."""
    folders = [*SYSTEM, *python_paths()]
    return [f for f in folders if not any(f != g and Path(f).is_relative_to(g) for g in folders)]


def grader_source() -> Path:
    return Path(__file__).resolve().parents[1]


def reachable_by_others(path: str) -> bool:
    """Whether a user with no relation to the owners could reach `path`: every folder
    above it, as written and as resolved, lets others through."""
    for route in (Path(os.path.abspath(path)), Path(path).resolve()):
        for folder in route.parents:
            try:
                if not os.stat(folder).st_mode & stat.S_IXOTH:
                    return False
            except OSError:
                return False
    return True


@functools.cache
def _staging(needed: bool) -> dict[str, str]:
    """For a child of its own uid: each folder it must see but could not reach, and the
    world-traversable empty folder it is mounted on before bubblewrap starts (one per
    folder, named by its path, kept from run to run: the mounts exist only in the
    children's own mount namespaces)."""
    if not needed:
        return {}
    sources = [f for f in [*bound_folders(), str(matplotlib_cache())]
               if os.path.isdir(f) and not reachable_by_others(f)]
    parent = next((d for d in (tempfile.gettempdir(), "/tmp", "/dev/shm")
                   if os.path.isdir(d) and reachable_by_others(os.path.join(d, "x"))), None)
    if not sources or parent is None:
        return {}
    root = folder_of_ours(Path(parent) / f"autograder-stage-{os.getuid()}")
    staged = {}
    for source in sources:
        target = root / hashlib.sha256(os.fsencode(source)).hexdigest()[:16]
        target.mkdir(mode=0o755, exist_ok=True)  # in a folder only the grader may write
        target.chmod(0o755)
        staged[source] = str(target)
    return staged


CLONE_NEWNS = 0x00020000
MS_BIND, MS_REC, MS_PRIVATE = 0x1000, 0x4000, 0x40000
PR_SET_NO_NEW_PRIVS = 38


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _mount_staged(libc: ctypes.CDLL, mounts: list[tuple[str, str]]) -> None:
    """In the forked child, still root: a mount namespace of its own, in which each folder
    is also mounted on its staging folder (the host's view is unchanged)."""
    def check(result: int, what: str) -> None:
        if result != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"{what}: {os.strerror(errno)}")

    check(libc.unshare(CLONE_NEWNS), "unshare")
    check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    for source, target in mounts:
        check(libc.mount(os.fsencode(source), os.fsencode(target), None, MS_BIND | MS_REC,
                         None), f"mount --rbind {source}")


def matplotlib_cache() -> Path:
    """One matplotlib cache for every child, built once by the grader and read-only to them:
    building the font list costs a child 0.5 s, and no child may poison another's."""
    folder = _cache_folder()
    if not any(folder.glob("fontlist*.json")):
        folder.mkdir(mode=0o755, exist_ok=True)
        subprocess.run([sys.executable, "-I", "-c", "import matplotlib.font_manager"],
                       env={**os.environ, "MPLCONFIGDIR": str(folder), "MPLBACKEND": "Agg"},
                       capture_output=True, check=False)
    return folder


@functools.cache
def _cache_folder() -> Path:
    """The cache's folder: one name per grader user, kept from run to run."""
    return folder_of_ours(Path(tempfile.gettempdir()) / f"autograder-matplotlib-{os.getuid()}")


def folder_of_ours(folder: Path) -> Path:
    """`folder`, made if need be, world-readable and writable by the grader alone; or, where
    something else has that name (a child without namespaces may write /tmp, and so may
    other users), a fresh folder beside it."""
    try:
        folder.mkdir()
    except FileExistsError:
        facts = os.lstat(folder)
        if (not stat.S_ISDIR(facts.st_mode) or facts.st_uid != os.getuid()
                or facts.st_mode & 0o022):
            folder = Path(tempfile.mkdtemp(prefix=f"{folder.name}-", dir=folder.parent))
    folder.chmod(0o755)
    return folder


# Which sandbox


@functools.cache
def bubblewrap_works() -> bool:
    """Whether bubblewrap starts this Python, as the children's uid where the grader is root
    (the same command line as a child's, with a file in its folder; without site, which
    would double the probe's 0.02 s)."""
    return shutil.which("bwrap") is not None and bubblewrap_failure() is None


@functools.cache
def bubblewrap_failure() -> str | None:
    """Why bubblewrap cannot start this Python here (what it printed), or None if it can."""
    if shutil.which("bwrap") is None:
        return "bwrap is not installed"
    return _python_failure(BUBBLEWRAP, ["-S"])


@functools.cache
def nobody_runs_python() -> bool:
    """Whether a uid of a child's own can start this Python with numpy: not so where Python
    was installed under a home folder that only its owner may read."""
    return _python_failure(NOBODY_USER, [], "import numpy") is None


def _python_failure(sandbox: Sandbox, flags: list[str], code: str = "") -> str | None:
    """None if `sandbox` starts this Python running `code`, else why not."""
    place = sandbox.place({"probe.py": code.encode()}, 2**20)
    try:
        argv = [sys.executable, "-I", *flags, str(place.folder / "probe.py")]
        done = subprocess.run(place.command(argv), capture_output=True, timeout=30,
                              cwd=place.cwd, pass_fds=place.fds, preexec_fn=place.preexec())
        if done.returncode == 0:
            return None
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return said[-1] if said else f"exit code {done.returncode}"
    except (OSError, subprocess.SubprocessError) as error:
        return str(error)
    finally:
        place.close()


BUBBLEWRAP = Sandbox("bubblewrap", isolates=True)
NOBODY_USER = Sandbox("unprivileged user", isolates=True, demote=True)
NONE = Sandbox("none", isolates=False)


def choose(allow_bubblewrap: bool = True) -> Sandbox:
    """The strongest sandbox this machine offers."""
    if allow_bubblewrap and bubblewrap_works():
        return BUBBLEWRAP
    if _root() and nobody_runs_python():
        return NOBODY_USER
    return NONE


PIDS_CGROUPS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))


class ProcessCap:
    """A pids cgroup of the child's own: a fork bomb stops at `limit` processes.

    Where the grader may create cgroups (cgroup v1's pids hierarchy, or v2 with the pids
    controller) each child gets one, and what is left in it when the child ends is killed.
    RLIMIT_NPROC, which counts a user's processes, binds too where the child is a uid of
    its own (under a root grader).
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
    """Make a folder unreadable to users other than its owner and group (for NOBODY_USER,
    whose children are such users)."""
    if folder.is_dir() and folder.stat().st_mode & 0o007:
        folder.chmod(folder.stat().st_mode & ~0o007)
