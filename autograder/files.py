"""Reading a student's files as the grader does: regular files only, never through a link
that leaves the student's own folder, and never more than a cap.

The grader often runs as root, so whatever it opens for a student is opened with root's
rights: a link to the reference or to a classmate's file, a device that never ends
(`/dev/zero`) or a named pipe that never answers must cost the student their file, not
the class its grading. `st_size` is not trusted (it is 0 for devices and pipes): the cap
is counted while reading.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Refused(Exception):
    """A file the grader will not read for a student; the message says why, for them."""


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, with every link resolved, lies in `folder` (also resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links resolves to nothing
        return False


def is_regular(path: Path, within: Path | None = None) -> bool:
    """A regular file, or a link to one that stays inside `within` (the student's folder;
    default: the file's own folder). Never opens anything."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    if stat.S_ISLNK(mode):
        if not inside(path, within if within is not None else path.parent):
            return False
        try:
            mode = path.stat().st_mode
        except OSError:
            return False
    return stat.S_ISREG(mode) and inside(path, within if within is not None else path.parent)


def read_capped(path: Path, cap: int, within: Path | None = None) -> bytes:
    """The bytes of a student's regular file, at most `cap` of them; Refused otherwise.

    `within` is the folder the file must stay in once links are resolved (default: its own
    folder), so a link to a file beside it is read and a link out of it is not."""
    folder = within if within is not None else path.parent
    if not is_regular(path, folder):
        if path.is_symlink():
            raise Refused(f"{path.name} is a link to a file outside the submission")
        if not os.path.lexists(path):
            raise Refused(f"no such file: {path.name}")
        raise Refused(f"{path.name} is not a regular file")
    target = path.resolve() if path.is_symlink() else path
    try:
        # O_NONBLOCK: a pipe put in the file's place since the check must not block open.
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise Refused(f"{path.name} cannot be read ({error.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused(f"{path.name} is not a regular file")
        chunks, size = [], 0
        while chunk := os.read(fd, min(2**20, cap + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise Refused(f"{path.name} is larger than {describe_bytes(cap)}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def describe_bytes(n: int) -> str:
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"
