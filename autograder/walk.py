"""A student's folder searched as the grader does: iteratively, bounded in depth and in
entries, never through a link to a folder, with what was left out said in words.

A folder tree is data a student made: 1,200 nested folders, a million files or a link back
to the class folder must cost the search its bound, not the batch a RecursionError, an
hour, or a classmate's files.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

MAX_DEPTH = 16  # folders below a student's folder; a real submission is 1 to 3 deep
MAX_ENTRIES = 10_000  # files and folders looked at in one student's folder
DEBRIS = {".ipynb_checkpoints", "__MACOSX", "__pycache__", ".git"}  # never a submission


@dataclass
class Found:
    """Every file in a folder (regular or not, links too: the caller decides what it reads),
    sorted shallowest first, and what the search left out."""

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _is_folder_link(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)  # stat, not open: a pipe stays unopened
    except OSError:
        return False


def walk(folder: Path, name: str, max_depth: int = MAX_DEPTH,
         max_entries: int = MAX_ENTRIES) -> Found:
    """The files under `folder`; `name` is how notes call the folder (`alice/`)."""
    found = Found()
    pending = [(folder, 0)]
    seen = deeper = 0
    links: list[str] = []
    while pending:
        current, depth = pending.pop()
        try:
            with os.scandir(current) as listing:
                for entry in listing:
                    seen += 1
                    if seen > max_entries:
                        found.skipped.append(f"{name} holds more than {max_entries} files and "
                                             "folders: the rest were not searched")
                        pending.clear()
                        break
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name in DEBRIS:
                            continue
                        if depth >= max_depth:
                            deeper += 1
                        else:
                            pending.append((Path(entry.path), depth + 1))
                    elif entry.is_symlink() and _is_folder_link(entry.path):
                        links.append(Path(entry.path).relative_to(folder).as_posix())
                    else:
                        found.files.append(Path(entry.path))
        except OSError:
            continue  # a folder that vanished or cannot be listed holds nothing to grade
    if deeper:
        found.skipped.append(f"{name} has folders more than {max_depth} levels deep: they "
                             "were not searched")
    if links:
        shown = ", ".join(links[:3]) + (f" and {len(links) - 3} more" if len(links) > 3 else "")
        found.skipped.append(f"links to folders in {name} are not followed: {shown}")
    found.files.sort(key=lambda p: (len(p.parts), str(p)))
    return found
