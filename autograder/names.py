"""Students' names as a batch shows them and as it names their files.

A name comes from whatever the class download holds: a file or folder name, or Gradescope's
metadata. The row keeps the student's real name (any script), cleaned only of what a
terminal or a spreadsheet would act on. The files a batch writes for a student (results,
feedback page) get a name made from it that is safe on every file system, bounded in
bytes, and unique among the class even where file systems fold case; two students never
share a file, and the same class gives the same names on every run (`--resume`).
"""

from __future__ import annotations

import hashlib
import unicodedata

MAX_NAME_CHARACTERS = 1000  # a row's name (a group's names joined); longer ones are cut
MAX_FILE_BYTES = 100  # a file stem, in UTF-8: room for ".json" and a temporary suffix
RESERVED = set('/\\:*?"<>|')  # separators, and what Windows refuses in a file name
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                   *(f"lpt{i}" for i in range(10))}


def shown(text: str, limit: int = MAX_NAME_CHARACTERS) -> str:
    """`text` without control or format characters (escapes, bidirectional overrides,
    zero-width marks), at most `limit` characters: safe on a terminal and in a cell."""
    clean = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return clean if len(clean) <= limit else clean[:limit - 1] + "…"


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def _cut(text: str, max_bytes: int) -> str:
    """The longest start of `text` that holds at most `max_bytes` in UTF-8."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", "ignore")


def file_name(student: str) -> str:
    """A file stem for a student: letters and digits of any script are kept; separators,
    characters Windows refuses, spaces, control characters and leading dots become `_` or
    go; at most MAX_FILE_BYTES, cut with a hash of the whole name so that it stays unique."""
    text = unicodedata.normalize("NFC", student).strip()
    safe = "".join("_" if ch in RESERVED or unicodedata.category(ch)[0] in "CZ" else ch
                   for ch in text)
    safe = safe.lstrip(".").rstrip(".") or "_"  # Windows drops a trailing dot
    if safe.split(".")[0].lower() in WINDOWS_DEVICES:
        safe = f"_{safe}"
    if len(safe.encode("utf-8")) > MAX_FILE_BYTES:
        safe = f"{_cut(safe, MAX_FILE_BYTES - 13)}-{_digest(student, 12)}"
    return safe


def _folded(name: str) -> str:
    """What a case-insensitive, normalising file system (macOS, Windows) sees of a name."""
    return unicodedata.normalize("NFKC", name).casefold()


def unique_file_names(students: list[str]) -> list[str]:
    """A file stem for each student, no two alike even with case folded.

    A name that is safe as it is keeps its stem; one that sanitising changed, and that
    then meets a stem already taken, gets a hash of its real name: `.alice` never takes
    the place of `alice`, and the stems do not depend on the order of the class."""
    stems = [file_name(s) for s in students]
    order = sorted(range(len(students)), key=lambda i: (stems[i] != students[i], i))
    taken: set[str] = set()
    chosen = [""] * len(students)
    for i in order:
        stem, attempt = stems[i], 0
        while _folded(stem) in taken:
            attempt += 1
            tag = _digest(students[i] if attempt == 1 else f"{students[i]}\0{attempt}", 8)
            stem = f"{_cut(stems[i], MAX_FILE_BYTES - 9)}-{tag}"
        taken.add(_folded(stem))
        chosen[i] = stem
    return chosen
