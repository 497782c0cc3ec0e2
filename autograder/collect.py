"""Find the students' submissions in what an instructor downloaded.

Four layouts, told apart by what they hold:
- a folder of one file per student (`alice.ipynb`, `bob.py`), LMS names included
  (Canvas: `doejane_late_1234_5678_backprop.ipynb` is the student `doejane`);
- a folder per student (`alice/backprop.ipynb`, with `alice/results.txt`);
- nbgrader's `submitted/<student>/<assignment>/*.ipynb`;
- Gradescope's export: `submission_<id>/` folders, named by `submission_metadata.yml`.
A zip of any of these is unpacked first, safely (no path outside the target, no link,
a cap on the unpacked size).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

SOURCES = (".ipynb", ".py")
MAX_UNPACKED_BYTES = 2 * 2**30
MAX_MEMBER_BYTES = 64 * 2**20
CANVAS = re.compile(r"^(?P<student>[^_]+)(?:_late)?_\d+_\d+_(?P<file>.+)$")


class CollectError(Exception):
    """An input that holds no submissions as any known layout: the message says why."""


@dataclass(frozen=True)
class Entry:
    """One student's submission: the file to grade (None if none was found) and why."""

    student: str
    submission: Path | None
    results: Path | None = None
    note: str = ""  # what the instructor should know: several notebooks, none at all


def collect(inputs: list[Path], assignment: str, unpack_to: Path) -> list[Entry]:
    """Every student's entry in the inputs, by student; a student found twice is numbered."""
    entries: list[Entry] = []
    for given in inputs:
        if not given.exists():
            raise CollectError(f"{given} does not exist")
        if given.is_file() and given.suffix == ".zip":
            given = unpack(given, unpack_to / given.stem)
        entries += _entries(given, assignment)
    return _unique(entries)


def _entries(path: Path, assignment: str) -> list[Entry]:
    if path.is_file():
        if path.suffix not in SOURCES:
            raise CollectError(f"{path} is not a notebook (.ipynb) or a Python file (.py)")
        return [Entry(_student_of_file(path.name)[0], path, _results_beside(path))]
    if (path / "submitted").is_dir():
        path = path / "submitted"
    metadata = next(iter(sorted(path.glob("*submission_metadata.yml"))), None) or next(
        iter(sorted(path.glob("*/submission_metadata.yml"))), None)
    if metadata is not None:
        return _gradescope(metadata.parent, metadata, assignment)
    folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in SOURCES)
    if folders and all((f / assignment).is_dir() for f in folders):  # nbgrader
        return [_from_folder(f.name, f / assignment, assignment) for f in folders]
    if len(folders) == 1 and not files and not _sources(folders[0]):
        return _entries(folders[0], assignment)  # a zip's single top folder
    entries = [_from_folder(f.name, f, assignment) for f in folders if _sources(f)]
    entries += _flat(files, path)
    if not entries:
        raise CollectError(f"{path} holds no .ipynb or .py submission in a known layout")
    return entries


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in SOURCES and p.is_file()
                  and ".ipynb_checkpoints" not in p.parts and "__MACOSX" not in p.parts)


def _from_folder(student: str, folder: Path, assignment: str) -> Entry:
    """A student's folder: their notebook for the assignment, and the results.txt with it."""
    sources = _sources(folder) if folder.is_dir() else []
    if not sources:
        return Entry(student, None, None, f"no .ipynb or .py file in {folder.name}/")
    named = [p for p in sources if p.stem == assignment]
    notebooks = [p for p in sources if p.suffix == ".ipynb"]
    chosen = (named or notebooks or sources)[0]
    others = [p.name for p in (named or notebooks or sources)[1:]]
    note = f"several candidates; graded {chosen.name}, not {', '.join(others)}" if others else ""
    results = next((p for p in sorted(folder.rglob("results.txt")) if p.is_file()), None)
    return Entry(student, chosen, results, note)


def _student_of_file(name: str) -> tuple[str, str]:
    """(student, the file's own name) of a file named the LMS way, or by the student."""
    match = CANVAS.match(name)
    if match:
        return match["student"], match["file"]
    return name.rsplit(".", 1)[0], name


def _results_beside(path: Path) -> Path | None:
    student, _ = _student_of_file(path.name)
    for candidate in (path.with_name("results.txt"), path.with_name(f"{student}_results.txt"),
                      path.with_name(f"{path.stem}.results.txt")):
        if candidate.is_file():
            return candidate
    return None


def _flat(files: list[Path], folder: Path) -> list[Entry]:
    """One file per student, with their `<student>_results.txt` (or the LMS's name for it)."""
    by_student: dict[str, list[Path]] = {}
    for path in files:
        by_student.setdefault(_student_of_file(path.name)[0], []).append(path)
    texts: dict[str, Path] = {}
    for text in sorted(folder.glob("*.txt")):
        student, own = _student_of_file(text.name)
        if own.startswith("results"):
            texts[student] = text
        for suffix in ("_results.txt", ".results.txt"):
            if text.name.endswith(suffix):
                texts[text.name[:-len(suffix)]] = text
    entries = []
    for student, paths in by_student.items():
        paths.sort(key=lambda p: (p.suffix != ".ipynb", p.name))
        note = (f"several files; graded {paths[0].name}, not "
                f"{', '.join(p.name for p in paths[1:])}") if len(paths) > 1 else ""
        results = texts.get(student)
        if results is None and len(by_student) == 1:
            results = _results_beside(paths[0])
        entries.append(Entry(student, paths[0], results, note))
    return entries


def _gradescope(folder: Path, metadata: Path, assignment: str) -> list[Entry]:
    """Gradescope's export: a folder per submission, named by the metadata's submitters."""
    import yaml  # only instructors unpacking a Gradescope export need it

    try:
        data = yaml.safe_load(metadata.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CollectError(f"{metadata} cannot be read: {error}") from None
    entries = []
    for submission in sorted(p for p in folder.iterdir() if p.is_dir()):
        info = data.get(submission.name) if isinstance(data, dict) else None
        submitters = info.get(":submitters") if isinstance(info, dict) else None
        names = [str(s.get(":sid") or s.get(":email") or s.get(":name"))
                 for s in submitters or [] if isinstance(s, dict)]
        student = "+".join(names) if names else submission.name
        entries.append(_from_folder(student, submission, assignment))
    return entries


def _unique(entries: list[Entry]) -> list[Entry]:
    seen: dict[str, int] = {}
    unique = []
    for entry in entries:
        seen[entry.student] = seen.get(entry.student, 0) + 1
        if seen[entry.student] > 1:
            entry = Entry(f"{entry.student}-{seen[entry.student]}", entry.submission,
                          entry.results, f"a second submission of {entry.student}")
        unique.append(entry)
    return unique


def unpack(archive: Path, target: Path) -> Path:
    """Unpack a zip into target, refusing paths that leave it, links, and zip bombs."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise CollectError(f"{archive.name} unpacks to more than 2 GiB")
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            root = target.resolve()
            for member in members:
                destination = (target / member.filename).resolve()
                if not destination.is_relative_to(root) or (member.external_attr >> 28) == 0xA:
                    raise CollectError(f"{archive.name} holds an unsafe entry: {member.filename}")
                if member.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(member) as source, open(destination, "wb") as sink:
                    copied = 0
                    while chunk := source.read(2**20):
                        copied += len(chunk)
                        if copied > MAX_MEMBER_BYTES:
                            raise CollectError(f"{member.filename} in {archive.name} is larger "
                                               "than 64 MiB")
                        sink.write(chunk)
    except (zipfile.BadZipFile, OSError) as error:
        raise CollectError(f"{archive.name} is not a readable zip: {error}") from None
    return target
