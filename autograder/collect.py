"""Find the students' submissions in what an instructor downloaded.

Four layouts, chosen with `--layout` or told apart by the input's root alone, never by
what a student's folder holds:
- flat: a folder of one file per student (`alice.ipynb`, `bob.py`), LMS names included
  (Canvas: `doejane_late_1234_5678_backprop.ipynb` is the student `doejane`);
- folders: a folder per student (`alice/backprop.ipynb`, with `alice/results.txt`);
- nbgrader: `submitted/<student>/<assignment>/*.ipynb`;
- gradescope: Gradescope's export, `submission_<id>/` folders named by the
  `submission_metadata.yml` at its root.
`auto` reads a root holding `submission_metadata.yml` as Gradescope's export, a root whose
folders all hold the assignment's folder as nbgrader's, and anything else as folders and
flat files side by side. A zip is unpacked first (unzip.py); when it holds one top folder
and nothing else, that folder is its root.

A student's file is read only if it is a regular file, or a link that stays inside the
student's own folder (in a flat folder: a link to one of their own files). Anything else,
and whatever the bounded search of a folder left out, is a note on that student's row.
Gradable files that the layout gives to no student are listed, for the instructor to see.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from autograder import submitters
from autograder.files import inside, is_regular
from autograder.names import shown, unique_file_names
from autograder.unzip import ZipRefused, unpack
from autograder.walk import DEBRIS, walk

SOURCES = (".ipynb", ".py")
LAYOUTS = ("auto", "flat", "folders", "nbgrader", "gradescope")
CANVAS = re.compile(r"^(?P<student>[^_]+)(?:_late)?_\d+_\d+_(?P<file>.+)$")
RESULTS_SUFFIXES = ("_results.txt", ".results.txt")
# What an nbgrader course folder holds beside submitted/: a student who happens to be
# named "submitted" in a folder per student does not make the class nbgrader's.
NBGRADER = {"submitted", "source", "release", "autograded", "feedback", "exchange",
            "gradebook.db", "nbgrader_config.py", "header.ipynb"}
LISTED = 3  # refused files named on a row; the rest are counted


class CollectError(Exception):
    """An input that holds no submissions as any known layout: the message says why."""


@dataclass(frozen=True)
class Entry:
    """One student's submission: the file to grade (None if none can be) and what the
    instructor should know (several notebooks, none at all, a file refused)."""

    student: str  # the row's name, as the class download gives it
    submission: Path | None
    results: Path | None = None  # collection looked for it: None means there is none
    notes: tuple[str, ...] = ()
    key: str = ""  # the stem of the student's files in the batch's output: safe and unique
    # where the submission's own modules and data files are taken from: the folder of the
    # chosen file in the student's own folder; none in a flat folder, which is the class's
    folder: Path | None = None

    @property
    def note(self) -> str:
        return "; ".join(self.notes)


@dataclass
class Collection:
    """Every student's entry, and what concerns the class as a whole."""

    entries: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unassigned: list[str] = field(default_factory=list)  # gradable files that are no one's


def collect(inputs: list[Path], assignment: str, unpack_to: Path,
            layout: str = "auto") -> Collection:
    """Every student's entry in the inputs; a student found twice is numbered."""
    if layout not in LAYOUTS:
        raise CollectError(f"no layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    collection = Collection()
    folders: set[str] = set()  # where zips were unpacked: two class.zip get two folders
    for given in inputs:
        if not os.path.lexists(given):
            raise CollectError(f"{given} does not exist")
        if given.suffix == ".zip":
            if not given.is_file():  # the instructor's input: a link to a zip is theirs
                raise CollectError(f"{given} is not a regular file")
            name, number = given.stem, 1
            while name in folders:
                number += 1
                name = f"{given.stem}-{number}"
            folders.add(name)
            try:
                unpacked = unpack(given, unpack_to / name)
            except ZipRefused as refused:
                raise CollectError(str(refused)) from None
            root = _Root(_zip_root(unpacked.folder, unpacked.top), assignment, collection,
                         unpacked.folder, [(s.parts, s.note(given.name)) for s in unpacked.skipped])
        elif given.is_dir():
            root = _Root(_folder_root(given), assignment, collection)
        elif given.suffix in SOURCES:
            collection.entries += _flat([given], [], {}, single=True)
            continue
        else:
            raise CollectError(f"{given} is not a notebook (.ipynb), a Python file (.py), "
                               "a folder or a zip")
        collection.entries += root.entries(layout)
        root.unclaimed()
    if not collection.entries:
        raise CollectError(f"{', '.join(map(str, inputs))} holds no .ipynb or .py submission "
                           f"in a known layout" + _listed(" (files no layout gave a student: ",
                                                          collection.unassigned, ")"))
    collection.entries = _named(collection.entries)
    return collection


def _real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _zip_root(folder: Path, names: set[str]) -> Path:
    """The unpacked zip's root: its single top folder, when the zip holds nothing else.
    Told from the names of all its entries, unpacked or not (a student whose only entry
    was skipped still has a folder at the top), and never from a path out of the zip."""
    top = {n for n in names if n not in DEBRIS and not n.startswith(".") and n not in ("/", "")}
    if len(top) == 1 and _real_dir(folder / next(iter(top))):
        return folder / next(iter(top))
    return folder


def _folder_root(folder: Path) -> Path:
    """A folder's root: itself, or an unpacked export's single top folder."""
    top = [p for p in folder.iterdir() if p.name not in DEBRIS and not p.name.startswith(".")]
    if len(top) == 1 and _real_dir(top[0]) and os.path.lexists(top[0] / submitters.FILE):
        return top[0]
    return folder


def _listed(before: str, names: list[str], after: str = "") -> str:
    if not names:
        return ""
    more = f" and {len(names) - LISTED} more" if len(names) > LISTED else ""
    return before + ", ".join(names[:LISTED]) + more + after


class _Root:
    """One input's root folder as a layout reads it, with the zip entries that were not
    unpacked, waiting for the student they belong to."""

    def __init__(self, folder: Path, assignment: str, collection: Collection,
                 unpacked: Path | None = None,
                 skipped: list[tuple[tuple[str, ...], str]] | None = None) -> None:
        self.folder = folder
        self.assignment = assignment
        self.collection = collection
        self.unpacked = unpacked  # the folder the zip was unpacked into
        self.skipped = skipped or []  # entries of the zip not unpacked: (path parts, note)
        self.at_root: dict[str, list[str]] = {}  # a file at the root -> notes about it
        self.in_folder: dict[str, list[str]] = {}  # a folder at the root -> notes about it

    def _claimable(self) -> None:
        """Each skipped zip entry's note, kept for the file or folder at the root that it
        names (its path as the zip writes it, never resolved); else it is no one's."""
        prefix = self.folder.relative_to(self.unpacked).parts if self.unpacked else ()
        offset = len(prefix)
        for parts, note in self.skipped:
            if tuple(parts[:offset]) != prefix or len(parts) <= offset \
                    or parts[offset] in ("/", ".."):
                self._nobodys(note)
                continue
            rest = parts[offset:]
            store = self.at_root if len(rest) == 1 else self.in_folder
            store.setdefault(rest[0], []).append(note)

    def _nobodys(self, note: str) -> None:
        """A note for the summary: an entry of the zip that is no student's."""
        self.collection.warnings.append(note)

    def unclaimed(self) -> None:
        for store in (self.at_root, self.in_folder):
            for notes in store.values():
                for note in notes:
                    self._nobodys(note)
            store.clear()

    def _nbgrader_course(self) -> bool:
        """A course folder whose submitted/ holds the class, by what else it holds."""
        names = {p.name for p in self.folder.iterdir()
                 if p.name not in DEBRIS and not p.name.startswith(".")}
        return _real_dir(self.folder / "submitted") and names <= NBGRADER

    def entries(self, layout: str) -> list[Entry]:
        given = layout == "nbgrader" and _real_dir(self.folder / "submitted")
        if given or (layout == "auto" and self._nbgrader_course()):
            self.folder = self.folder / "submitted"
        self._claimable()
        folders, files = self._listing()
        if layout == "auto":
            if os.path.lexists(self.folder / submitters.FILE):
                layout = "gradescope"
            elif folders and all(_real_dir(f / self.assignment) for f in folders):
                layout = "nbgrader"
        if layout == "gradescope":
            if not os.path.lexists(self.folder / submitters.FILE):
                raise CollectError(f"{self.folder} holds no {submitters.FILE} at its root: "
                                   "it is not a Gradescope export")
            entries = self._gradescope(folders)
        elif layout == "nbgrader":
            entries = [_from_folder(f.name, f, f / self.assignment, self.assignment,
                                    self.in_folder.pop(f.name, []), always=True)
                       for f in folders]
        elif layout in ("auto", "folders"):
            entries = [_from_folder(f.name, f, f, self.assignment,
                                    self.in_folder.pop(f.name, []), always=False)
                       for f in folders]
            entries += [_from_folder(name, self.folder / name, self.folder / name,
                                     self.assignment, self.in_folder.pop(name), always=True)
                        for name in sorted(self.in_folder)]
        else:
            entries = []
        if layout in ("auto", "flat"):
            entries += _flat(files, [p for p in files if p.name.endswith(".txt")],
                             self.at_root)
            self.at_root = {}
        else:
            self._unassigned(p.name for p in files if p.suffix in SOURCES)
        if layout == "flat":
            for folder in folders:
                if _real_dir(folder):
                    self._unassigned(p.relative_to(self.folder).as_posix() for p in walk(
                        folder, f"{folder.name}/").files if p.suffix in SOURCES)
        return [e for e in entries if e is not None]

    def _listing(self) -> tuple[list[Path], list[Path]]:
        """The root's folders (links to folders too: they are refused, not followed) and
        its other entries, by name; hidden folders and OS debris are no one's."""
        folders, files = [], []
        for path in sorted(self.folder.iterdir()):
            if _real_dir(path) or (path.is_symlink() and path.is_dir()):
                if not path.name.startswith(".") and path.name not in DEBRIS:
                    folders.append(path)
            else:
                files.append(path)
        return folders, files

    def _unassigned(self, names: Iterable[str]) -> None:
        """Gradable files the layout gives to no student: listed for the instructor."""
        self.collection.unassigned += [shown(name, 120) for name in names]

    def _gradescope(self, folders: list[Path]) -> list[Entry | None]:
        """A folder per submission, its row named by the metadata's submitters."""
        try:
            named = submitters.read(self.folder / submitters.FILE, self.folder)
            whole = ""
        except submitters.MetadataError as error:
            named, whole = {}, f"{error}: named by its folder"
            self.collection.warnings.append(
                f"{shown(self.folder.name, 120)}/{error}: every submission is named by its folder")
        entries: list[Entry | None] = []
        names = [f.name for f in folders] + sorted(set(self.in_folder) - {f.name for f in folders})
        for name in names:
            row = named.get(name)
            if row is not None and row.student:
                student, notes = row.student, []
            elif row is not None:
                student, notes = name, [f"{submitters.FILE} does not name {shown(name, 120)}: "
                                        f"{row.problem}; named by its folder"]
            else:
                student, notes = name, [whole or f"{shown(name, 120)} is not in "
                                                 f"{submitters.FILE}: named by its folder"]
            entries.append(_from_folder(student, self.folder / name, self.folder / name,
                                        self.assignment, notes + self.in_folder.pop(name, []),
                                        always=True))
        return entries


def _refusal(path: Path, within: Path) -> str:
    """Why a student's file is not read (for a file is_regular refused)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "cannot be read"
    if stat.S_ISLNK(mode):
        if not inside(path, within):
            return "is a link to a file outside the submission"
        try:
            mode = path.stat().st_mode
        except OSError:
            return "is a link to nothing"
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
    kind = next((name for test, name in kinds if test(mode)), "not a file")
    return f"is not a regular file ({kind})"


def _readable(path: Path, within: Path, own: set[Path] | None = None) -> Path | str:
    """The file to read for the student (a link's target), or why not. `own`: in a flat
    folder, a link is followed only to one of the student's own regular files."""
    if not is_regular(path, within):
        return _refusal(path, within)
    if path.is_symlink():
        target = path.resolve()
        if own is not None and target not in own:
            return "is a link to a file outside the submission"
        return target
    return path


def _from_folder(student: str, folder: Path, search: Path, assignment: str, notes: list[str],
                 always: bool) -> Entry | None:
    """A student's folder: their notebook for the assignment, and the results.txt with it.
    Files are searched for in `search` (the folder, or nbgrader's assignment folder in it);
    links may point anywhere in `folder`. None for a folder that holds nothing to grade,
    unless `always`."""
    notes = list(notes)
    label = f"{shown(folder.name, 120)}/"
    if folder.is_symlink():
        return Entry(student, None, None, (*notes, f"{label} is a link to a folder: not graded"))
    found = walk(search, label) if _real_dir(search) else None
    if found is None:
        if always or notes:
            where = label if search == folder else f"{label}{shown(search.name, 120)}/"
            return Entry(student, None, None, (*notes, f"no .ipynb or .py file in {where}"))
        return None
    notes += found.skipped
    candidates = [p for p in found.files if p.suffix in SOURCES]
    accepted, refused = [], []
    for path in candidates:
        readable = _readable(path, folder)
        if isinstance(readable, Path):
            accepted.append((path, readable))
        else:
            refused.append(f"{shown(path.relative_to(folder).as_posix(), 120)} {readable}")
    if refused:
        notes.append(_listed("", refused, ": not graded"))
    if not accepted:
        if not (always or notes):
            return None
        if not candidates:
            notes.append(f"no .ipynb or .py file in {label}")
        return Entry(student, None, None, tuple(notes))
    named = [a for a in accepted if a[0].stem == assignment]
    notebooks = [a for a in accepted if a[0].suffix == ".ipynb"]
    ranked = named or notebooks or accepted
    (chosen, target), others = ranked[0], [shown(p.name, 120) for p, _ in ranked[1:]]
    if others:
        notes.insert(0, f"several candidates; graded {shown(chosen.name, 120)}, not "
                        + _listed("", others))
    texts = sorted((p for p in found.files if p.name == "results.txt"),
                   key=lambda p: (p.parent != chosen.parent, len(p.parts), str(p)))
    results = None
    if texts:
        readable = _readable(texts[0], folder)
        if isinstance(readable, Path):
            results = readable
        else:
            notes.append(f"{shown(texts[0].relative_to(folder).as_posix(), 120)} {readable}: "
                         "not read")
    return Entry(student, target, results, tuple(notes), folder=chosen.parent)


def _student_of_file(name: str) -> str:
    """The student of a file named the LMS way, or by the student."""
    match = CANVAS.match(name)
    return match["student"] if match else name.rsplit(".", 1)[0]


def _student_of_text(name: str) -> str | None:
    """The student whose results a .txt file is (`alice_results.txt`, Canvas's
    `doejane_1234_5678_results.txt`), or None for another text."""
    match = CANVAS.match(name)
    if match and match["file"].startswith("results"):
        return match["student"]
    for suffix in RESULTS_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)]
    return None


def _flat(files: list[Path], texts: list[Path], notes: dict[str, list[str]],
          single: bool = False) -> list[Entry]:
    """One file per student, with their `<student>_results.txt` (or the LMS's name for it).

    A student's own folder is just their files: a link is followed only to one of them.
    `notes`: about entries of a zip that were not unpacked, by file name. `single`: the
    files are one student's, given one by one, and a results.txt beside them is theirs."""
    by_student: dict[str, list[Path]] = {}
    for path in files:
        if path.suffix in SOURCES:
            by_student.setdefault(_student_of_file(path.name), []).append(path)
    results_of: dict[str, Path] = {}
    for text in sorted(texts):
        student = _student_of_text(text.name)
        if student is not None:
            results_of.setdefault(student, text)
    extra: dict[str, list[str]] = {}
    for name, said in notes.items():
        owner = _student_of_text(name) if name.endswith(".txt") else None
        extra.setdefault(owner or _student_of_file(name), []).extend(said)
    entries = []
    for student in sorted(set(by_student) | set(extra), key=lambda s: (s not in by_student, s)):
        paths = sorted(by_student.get(student, []), key=lambda p: (p.suffix != ".ipynb", p.name))
        row_notes = list(extra.get(student, []))
        mine = paths + ([results_of[student]] if student in results_of else [])
        own = {p.resolve() for p in mine if stat.S_ISREG(_mode(p))}
        accepted = []
        for path in paths:
            readable = _readable(path, path.parent, own)
            if isinstance(readable, Path):
                accepted.append((path, readable))
            else:
                row_notes.append(f"{shown(path.name, 120)} {readable}: not graded")
        if not accepted:
            if not paths:
                row_notes.append("no .ipynb or .py file handed in")
            entries.append(Entry(student, None, None, tuple(row_notes)))
            continue
        (chosen, target), others = accepted[0], [shown(p.name, 120) for p, _ in accepted[1:]]
        if others:
            row_notes.insert(0, f"several files; graded {shown(chosen.name, 120)}, not "
                                + _listed("", others))
        given = results_of.get(student)
        if given is None and (single or len(by_student) == 1):
            given = _results_beside(chosen)
        results = None
        if given is not None:
            readable = _readable(given, given.parent, own)
            if isinstance(readable, Path):
                results = readable
            else:
                row_notes.append(f"{shown(given.name, 120)} {readable}: not read")
        entries.append(Entry(student, target, results, tuple(row_notes)))
    return entries


def _mode(path: Path) -> int:
    try:
        return path.lstat().st_mode
    except OSError:
        return 0


def _results_beside(path: Path) -> Path | None:
    """The results.txt of the one student whose file this is, by any name it goes by."""
    student = _student_of_file(path.name)
    for candidate in (path.with_name("results.txt"), path.with_name(f"{student}_results.txt"),
                      path.with_name(f"{path.stem}.results.txt")):
        if os.path.lexists(candidate):
            return candidate
    return None


def _named(entries: list[Entry]) -> list[Entry]:
    """The entries with their rows' names cleaned for a terminal, a student found twice
    numbered, and each one's file stem, unique even where a file system folds case."""
    names = [shown(entry.student) or "_" for entry in entries]
    taken = set(names)
    seen: dict[str, int] = {}
    unique = []
    for entry, student in zip(entries, names, strict=True):
        notes = entry.notes
        seen[student] = seen.get(student, 0) + 1
        if seen[student] > 1:
            notes = (*notes, f"a second submission of {student}")
            number = seen[student]
            while f"{student}-{number}" in taken:
                number += 1
            student = f"{student}-{number}"
            taken.add(student)
        unique.append(replace(entry, student=student, notes=notes))
    keys = unique_file_names([e.student for e in unique])
    return [replace(e, key=key) for e, key in zip(unique, keys, strict=True)]
