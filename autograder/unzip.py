"""A class's zip unpacked entry by entry: an entry that is unsafe (a path out of the
folder, a link) or too large is skipped and said, and the rest is unpacked.

One student's entry must cost that student's file, not the class its grading: collection
hands each skipped entry to the row of the student it belongs to. Only what concerns the
whole zip refuses it: not a zip, more entries or more bytes than any class holds.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.files import describe_bytes
from autograder.names import shown

MAX_UNPACKED_BYTES = 2 * 2**30
MAX_MEMBER_BYTES = 64 * 2**20
MAX_MEMBERS = 100_000
MAX_MEMBER_DEPTH = 32  # folders in one entry's path: a real class has 2 to 5


class ZipRefused(Exception):
    """A zip that cannot be unpacked at all; the message says why."""


@dataclass(frozen=True)
class Skipped:
    """An entry of the zip that was not unpacked, and why."""

    name: str
    reason: str

    @property
    def parts(self) -> tuple[str, ...]:
        """The entry's path as the zip writes it, unresolved: whose folder it names."""
        return PurePosixPath(self.name).parts

    def note(self, archive: str) -> str:
        return f"{shown(self.name, 120)} in {shown(archive, 120)} was not unpacked: {self.reason}"


@dataclass
class Unpacked:
    folder: Path
    skipped: list[Skipped] = field(default_factory=list)
    top: set[str] = field(default_factory=set)  # the first name of every entry's path


def _unsafe(name: str, root: Path) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":"):
        return True
    return not (root / name).resolve().is_relative_to(root)


def _copy(zipped: zipfile.ZipFile, member: zipfile.ZipInfo, destination: Path) -> None:
    """Write one member. zipfile never yields more than an entry's declared size, so the
    declared sizes bound what is written; the count is kept all the same."""
    copied = 0
    with zipped.open(member) as source, open(destination, "wb") as sink:
        while chunk := source.read(2**20):
            copied += len(chunk)
            if copied > MAX_MEMBER_BYTES:
                raise ValueError(f"it is larger than {describe_bytes(MAX_MEMBER_BYTES)}")
            sink.write(chunk)


def unpack(archive: Path, target: Path) -> Unpacked:
    """Unpack the zip into target (emptied first); skipped entries are listed, not fatal."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            if len(members) > MAX_MEMBERS:
                raise ZipRefused(f"{archive.name} holds more than {MAX_MEMBERS} entries")
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise ZipRefused(f"{archive.name} unpacks to more than "
                                 f"{describe_bytes(MAX_UNPACKED_BYTES)}")
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            root = target.resolve()
            unpacked = Unpacked(target)
            for member in members:
                unpacked.top.add(PurePosixPath(member.filename).parts[0]
                                 if member.filename else "")
                reason = _unpack_one(zipped, member, root)
                if reason:
                    unpacked.skipped.append(Skipped(member.filename, reason))
            return unpacked
    except (zipfile.BadZipFile, OSError) as error:
        raise ZipRefused(f"{archive.name} is not a readable zip: {error}") from None


def _unpack_one(zipped: zipfile.ZipFile, member: zipfile.ZipInfo, root: Path) -> str:
    """Why the entry was skipped, or "" once it is unpacked."""
    if _unsafe(member.filename, root):
        return "its path leads out of the folder"
    if stat.S_ISLNK(member.external_attr >> 16):
        return "it is a link"
    parts = PurePosixPath(member.filename).parts
    if len(parts) > MAX_MEMBER_DEPTH:
        return f"its path is more than {MAX_MEMBER_DEPTH} folders deep"
    destination = root.joinpath(*parts)
    try:
        if member.is_dir():
            _make_folders(root, parts)
            return ""
        if member.file_size > MAX_MEMBER_BYTES:
            return f"it is larger than {describe_bytes(MAX_MEMBER_BYTES)}"
        _make_folders(root, parts[:-1])
        _copy(zipped, member, destination)
        return ""
    except ValueError as too_large:
        _discard(destination)
        return str(too_large)
    # RuntimeError: zipfile's word for an entry that needs a password
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        _discard(destination)
        return f"it cannot be read ({error})"
    except OSError as error:
        _discard(destination)
        return f"it cannot be written ({error.strerror or error})"


def _make_folders(root: Path, parts: tuple[str, ...]) -> None:
    """mkdir -p, one level at a time (Path.mkdir(parents=True) recurses)."""
    folder = root
    for part in parts:
        folder = folder / part
        if not folder.is_dir():
            folder.mkdir()


def _discard(destination: Path) -> None:
    """Remove what an entry that failed half-way wrote (a file only: a folder of the same
    name holds other entries)."""
    if os.path.isfile(destination):
        destination.unlink()
