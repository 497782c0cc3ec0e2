"""Hostile class folders and zips: what one student (or a stranger uploading a zip) hands a
batch, each built at test time (links and named pipes cannot be committed), with the
exact outcome an instructor must see.

Each builder makes its class under `tmp` and returns a Case: the inputs, the gradebook's
rows (total, status, notes, all exact), the warnings the batch prints about the class,
and its exit code. Whatever one student hands in costs at most that student's row, and
the row says why; a victim's row is exactly what their own work earns.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORRECT = ROOT / "tests" / "submissions" / "correct_loops.py"
RESULTS = ROOT / "solutions" / "backprop" / "results.txt"
REFERENCE = ROOT / "solutions" / "backprop" / "backprop.ipynb"
BLANK = "x = 1\n"  # graded at once: none of the functions
NONE_DEFINED = "none of the assignment's functions is defined in the submission"
OUTSIDE = "is a link to a file outside the submission"
PIPE = "is not a regular file (a named pipe)"


@dataclass(frozen=True)
class Row:
    total: str
    status: str
    notes: str = ""


CORRECT_ROW = Row("90", "graded")  # correct_loops without results.txt
FULL_ROW = Row("100", "graded")  # with the reference's results.txt
BLANK_ROW = Row("0", "graded", NONE_DEFINED)


@dataclass
class Case:
    inputs: list[Path]
    rows: dict[str, Row]
    exit_code: int = 0
    args: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stems: dict[str, str] = field(default_factory=dict)  # student -> exact results/ stem
    resume: bool = False  # run again with --resume: nothing graded twice, same rows
    error: str = ""  # for exit 2: what the one line on stderr says


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _correct(path: Path, results: Path | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORRECT, path)
    if results is not None:
        shutil.copy(RESULTS, results)


def _link(path: Path, target: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _export(folder: Path, metadata: str, submissions: dict[str, str | None]) -> Path:
    """A Gradescope export: submission folders (None: the correct file) and metadata."""
    for name, text in submissions.items():
        if text is None:
            _correct(folder / name / "backprop.py")
        else:
            _write(folder / name / "backprop.py", text)
    _write(folder / "submission_metadata.yml", metadata)
    return folder


ADA = "submission_2:\n  :submitters:\n  - :name: Ada Lovelace\n    :sid: '1815'\n"


# Links and special files.

def link_to_the_reference(tmp: Path) -> Case:
    """A flat folder where two files are links to the reference: by its path, and by the
    grader's own working directory."""
    _correct(tmp / "class" / "bob.py")
    _link(tmp / "class" / "mallory.ipynb", REFERENCE)
    _link(tmp / "class" / "trudy.ipynb", "/proc/self/cwd/solutions/backprop/backprop.ipynb")
    return Case([tmp / "class"], {
        "bob": CORRECT_ROW,
        "mallory": Row("0", "not graded", f"mallory.ipynb {OUTSIDE}: not graded"),
        "trudy": Row("0", "not graded", f"trudy.ipynb {OUTSIDE}: not graded"),
    })


def link_to_a_classmate_folder(tmp: Path) -> Case:
    """Folder per student: eve's notebook and results.txt are links into alice's folder."""
    _correct(tmp / "class" / "alice" / "backprop.py", tmp / "class" / "alice" / "results.txt")
    _link(tmp / "class" / "eve" / "backprop.py", "../alice/backprop.py")
    _link(tmp / "class" / "eve" / "results.txt", "../alice/results.txt")
    return Case([tmp / "class"], {
        "alice": FULL_ROW,
        "eve": Row("0", "not graded", f"backprop.py {OUTSIDE}: not graded"),
    })


def link_to_a_classmate_flat(tmp: Path) -> Case:
    """Flat folder: eve.py links to alice.py beside it. A student's own folder is their
    files, so a link to a file beside them is a link out of it."""
    _correct(tmp / "class" / "alice.py")
    _link(tmp / "class" / "eve.py", "alice.py")
    _link(tmp / "class" / "eve_results.txt", str(RESULTS))
    return Case([tmp / "class"], {
        "alice": CORRECT_ROW,
        "eve": Row("0", "not graded", f"eve.py {OUTSIDE}: not graded"),
    })


def a_link_inside_the_students_folder(tmp: Path) -> Case:
    """An honest link: alice keeps her notebook in src/ and links it from the top, and her
    results.txt from out/. Both stay inside her folder: graded as hers."""
    _correct(tmp / "class" / "alice" / "src" / "work.py")
    shutil.copy(RESULTS, tmp / "class" / "alice" / "src" / "results.out")
    _link(tmp / "class" / "alice" / "backprop.py", "src/work.py")
    _link(tmp / "class" / "alice" / "results.txt", "src/results.out")
    return Case([tmp / "class"], {"alice": FULL_ROW})


def results_txt_links_to_dev_zero(tmp: Path) -> Case:
    """results.txt is /dev/zero (in a folder) or /dev/urandom (flat): never read."""
    _correct(tmp / "class" / "alice" / "backprop.py")
    _link(tmp / "class" / "alice" / "results.txt", "/dev/zero")
    _write(tmp / "other" / "bob.py", BLANK)
    _link(tmp / "other" / "bob_results.txt", "/dev/urandom")
    return Case([tmp / "class", tmp / "other"], {
        "alice": Row("90", "graded", f"results.txt {OUTSIDE}: not read"),
        "bob": Row("0", "graded", f"bob_results.txt {OUTSIDE}: not read; {NONE_DEFINED}"),
    })


def a_named_pipe_as_notebook(tmp: Path) -> Case:
    """carol.ipynb is a named pipe that no one writes: the batch must not wait on it."""
    _correct(tmp / "class" / "bob.py")
    _fifo(tmp / "class" / "carol.ipynb")
    return Case([tmp / "class"], {
        "bob": CORRECT_ROW,
        "carol": Row("0", "not graded", f"carol.ipynb {PIPE}: not graded"),
    })


def a_named_pipe_as_results_txt(tmp: Path) -> Case:
    _correct(tmp / "class" / "alice" / "backprop.py")
    _fifo(tmp / "class" / "alice" / "results.txt")
    return Case([tmp / "class"], {
        "alice": Row("90", "graded", f"results.txt {PIPE}: not read"),
    })


def links_to_folders(tmp: Path) -> Case:
    """mallory's whole folder is a link to alice's; bob links alice's folder inside his."""
    _correct(tmp / "class" / "alice" / "backprop.py")
    _link(tmp / "class" / "mallory", "alice")
    _write(tmp / "class" / "bob" / "backprop.py", BLANK)
    _link(tmp / "class" / "bob" / "lib", "../alice")
    return Case([tmp / "class"], {
        "alice": CORRECT_ROW,
        "bob": Row("0", "graded", f"links to folders in bob/ are not followed: lib; "
                                  f"{NONE_DEFINED}"),
        "mallory": Row("0", "not graded", "mallory/ is a link to a folder: not graded"),
    })


# One student must never decide the layout.

def metadata_in_a_students_folder(tmp: Path) -> Case:
    """mallory's folder holds a submission_metadata.yml naming alice: the class is still a
    folder per student, and mallory's file is graded as hers."""
    _correct(tmp / "class" / "alice" / "backprop.py")
    _write(tmp / "class" / "mallory" / "submission_metadata.yml",
           "submission_1:\n  :submitters:\n  - :sid: alice\n")
    _write(tmp / "class" / "mallory" / "submission_1" / "backprop.py", BLANK)
    return Case([tmp / "class"], {"alice": CORRECT_ROW, "mallory": BLANK_ROW})


def canvas_file_named_as_metadata(tmp: Path) -> Case:
    """In a Canvas download, mallory uploads a file that Canvas names
    mallory_1_2_submission_metadata.yml: the class is still one file per student."""
    _correct(tmp / "class" / "doejane_1234_5678_backprop.py")
    _write(tmp / "class" / "bob_3_4_backprop.py", BLANK)
    _write(tmp / "class" / "mallory_1_2_submission_metadata.yml",
           "doejane:\n  :submitters:\n  - :sid: mallory\n")
    return Case([tmp / "class"], {"doejane": CORRECT_ROW, "bob": BLANK_ROW})


def a_student_named_submitted(tmp: Path) -> Case:
    """A folder per student where one login is `submitted`: that is not nbgrader's
    submitted/ (the course folder beside it holds other students, not nbgrader's files)."""
    _correct(tmp / "class" / "alice" / "backprop.py")
    _write(tmp / "class" / "submitted" / "backprop.py", BLANK)
    return Case([tmp / "class"], {"alice": CORRECT_ROW, "submitted": BLANK_ROW})


def a_layout_that_leaves_files_unassigned(tmp: Path) -> Case:
    """--layout flat on a class that is also a folder per student: alice's file is on no
    row, which the batch says, and exits 1."""
    _write(tmp / "class" / "carol.py", BLANK)
    _correct(tmp / "class" / "alice" / "backprop.py")
    return Case([tmp / "class"], {"carol": BLANK_ROW}, exit_code=1, args=["--layout", "flat"],
                warnings=["1 .ipynb or .py file is on no student's row (layout flat): "
                          "alice/backprop.py; give --layout to read the input another way"])


def gradescope_layout_without_metadata(tmp: Path) -> Case:
    _write(tmp / "class" / "carol.py", BLANK)
    return Case([tmp / "class"], {}, exit_code=2, args=["--layout", "gradescope"],
                error=f"{tmp / 'class'} holds no submission_metadata.yml at its root: it is "
                      "not a Gradescope export")


# Gradescope's metadata.

def yaml_alias_bomb(tmp: Path) -> Case:
    """1.5 KB of aliases that expand into millions of characters as submission_1's name."""
    levels = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    metadata = "\n".join(levels) + "\nsubmission_1:\n  :submitters:\n  - :name: *i\n" + ADA
    export = _export(tmp / "export", metadata, {"submission_1": BLANK, "submission_2": None})
    return Case([export], {
        "submission_1": Row("0", "graded", "submission_metadata.yml does not name "
                            "submission_1: a submitter's :name is a YAML alias; named by its "
                            f"folder; {NONE_DEFINED}"),
        "1815": CORRECT_ROW,
    })


def submitters_is_a_string(tmp: Path) -> Case:
    metadata = "submission_1:\n  :submitters: mallory\n" + ADA
    export = _export(tmp / "export", metadata, {"submission_1": BLANK, "submission_2": None})
    return Case([export], {
        "submission_1": Row("0", "graded", "submission_metadata.yml does not name "
                            "submission_1: :submitters: is not a list of submitters; named by "
                            f"its folder; {NONE_DEFINED}"),
        "1815": CORRECT_ROW,
    })


def metadata_nested_past_the_composers_depth(tmp: Path) -> Case:
    """5,000 nested lists: the YAML composer recurses once a level."""
    metadata = "deep: " + "[" * 5000 + "]" * 5000 + "\n" + ADA
    export = _export(tmp / "export", metadata, {"submission_2": BLANK})
    why = "submission_metadata.yml is not YAML that can be read: nested more than 16 levels"
    return Case([export], {"submission_2": Row("0", "graded", f"{why}: named by its folder; "
                                                              f"{NONE_DEFINED}")},
                warnings=[f"export/{why}: every submission is named by its folder"])


def a_300_character_name(tmp: Path) -> Case:
    """A submitter's :name of 300 characters is refused (named by its folder); a
    248-character file name keeps its row's name, with a file name cut to 100 bytes."""
    metadata = "submission_1:\n  :submitters:\n  - :name: " + "n" * 300 + "\n"
    export = _export(tmp / "export", metadata, {"submission_1": BLANK})
    long = "l" * 248
    _write(tmp / "class" / f"{long}.py", BLANK)
    return Case([export, tmp / "class"], {
        "submission_1": Row("0", "graded", "submission_metadata.yml does not name "
                            "submission_1: a submitter's :name is longer than 128 characters; "
                            f"named by its folder; {NONE_DEFINED}"),
        long: BLANK_ROW,
    })


def a_six_person_group_resumed(tmp: Path) -> Case:
    """Six emails make a 299-character name (the file name a batch made of it was too long
    for the file system); the batch runs, then --resume finishes without grading it again."""
    emails = [f"student.number.{i}@university-of-somewhere.example" for i in range(6)]
    metadata = "submission_1:\n  :submitters:\n" + "".join(
        f"  - :email: {email}\n" for email in emails)
    export = _export(tmp / "export", metadata, {"submission_1": None})
    return Case([export], {"+".join(emails): CORRECT_ROW}, resume=True)


def control_characters_in_a_name(tmp: Path) -> Case:
    """A :sid that would set the terminal's title: the row keeps the name, not the escape."""
    metadata = 'submission_1:\n  :submitters:\n  - :sid: "evil\\e]0;pwned\\a"\n'
    export = _export(tmp / "export", metadata, {"submission_1": BLANK})
    return Case([export], {"evil]0;pwned": BLANK_ROW}, stems={"evil]0;pwned": "evil]0;pwned"})


# Names.

def a_hidden_alice_beside_alice(tmp: Path) -> Case:
    """`.alice.py` beside `alice.py`: two rows, and alice keeps alice.json."""
    _correct(tmp / "class" / "alice.py")
    _write(tmp / "class" / ".alice.py", BLANK)
    return Case([tmp / "class"], {"alice": CORRECT_ROW, ".alice": BLANK_ROW},
                stems={"alice": "alice"})


def two_chinese_names_of_the_same_length(tmp: Path) -> Case:
    _correct(tmp / "class" / "张伟.py")
    _write(tmp / "class" / "李娜.py", BLANK)
    return Case([tmp / "class"], {"张伟": CORRECT_ROW, "李娜": BLANK_ROW},
                stems={"张伟": "张伟", "李娜": "李娜"})


def names_like_dot_and_dot_dot(tmp: Path) -> Case:
    """`..py`, `...py` and `_.py` are the students `.`, `..` and `_`: three rows, three
    files, none of them outside results/."""
    for name in ("..py", "...py", "_.py"):
        _write(tmp / "class" / name, BLANK)
    return Case([tmp / "class"], {".": BLANK_ROW, "..": BLANK_ROW, "_": BLANK_ROW},
                stems={"_": "_"})


def names_that_differ_in_case(tmp: Path) -> Case:
    """Alice and alice: one file each, also on a file system that folds case."""
    _correct(tmp / "class" / "alice.py")
    _write(tmp / "class" / "Alice.py", BLANK)
    return Case([tmp / "class"], {"alice": CORRECT_ROW, "Alice": BLANK_ROW})


# Bounded work.

def a_folder_1200_levels_deep(tmp: Path) -> Case:
    _correct(tmp / "class" / "alice" / "backprop.py")
    deep = tmp / "class" / "mallory"
    deep.mkdir()
    for _ in range(1200):  # one level at a time: mkdir(parents=True) recurses
        deep = deep / "d"
        os.mkdir(deep)
    (deep / "backprop.py").write_text(BLANK)
    return Case([tmp / "class"], {
        "alice": CORRECT_ROW,
        "mallory": Row("0", "not graded", "mallory/ has folders more than 16 levels deep: "
                                          "they were not searched; no .ipynb or .py file in "
                                          "mallory/"),
    })


# Zips.

def _zip(path: Path, members: dict[str, bytes | str], links: dict[str, str] | None = None,
         ) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zipped.writestr(info, target)
    return path


def a_zip_with_dot_dot_entries(tmp: Path) -> Case:
    """One entry of alice's leads out of the folder, and one of no one's: both skipped,
    said on alice's row and in the summary; the class is graded."""
    archive = _zip(tmp / "class.zip", {
        "class/alice/backprop.py": CORRECT.read_text(),
        "class/alice/../../../evil.py": "print('escaped')",
        "../escape.py": "print('escaped')",
        "class/bob/backprop.py": BLANK,
    })
    return Case([archive], {
        "alice": Row("90", "graded", "class/alice/../../../evil.py in class.zip was not "
                                     "unpacked: its path leads out of the folder"),
        "bob": BLANK_ROW,
    }, warnings=["../escape.py in class.zip was not unpacked: its path leads out of the folder"])


def a_zip_with_a_link_entry(tmp: Path) -> Case:
    archive = _zip(tmp / "class.zip", {
        "alice/backprop.py": CORRECT.read_text(),
        "bob/backprop.py": BLANK,
    }, links={"alice/results.txt": "../../../../solutions/backprop/results.txt"})
    return Case([archive], {
        "alice": Row("90", "graded", "alice/results.txt in class.zip was not unpacked: it is "
                                     "a link"),
        "bob": BLANK_ROW,
    })


def a_zip_with_an_oversize_member(tmp: Path) -> Case:
    """bob's only file is 65 MiB: his row says so; alice is graded."""
    archive = _zip(tmp / "class.zip", {
        "alice/backprop.py": CORRECT.read_text(),
        "bob/backprop.ipynb": b"\0" * (65 * 2**20),
    })
    return Case([archive], {
        "alice": CORRECT_ROW,
        "bob": Row("0", "not graded", "bob/backprop.ipynb in class.zip was not unpacked: it "
                                      "is larger than 64 MiB; no .ipynb or .py file in bob/"),
    })


def a_zip_entry_1200_folders_deep(tmp: Path) -> Case:
    name = "mallory/" + "d/" * 1200 + "backprop.py"
    archive = _zip(tmp / "class.zip", {"alice/backprop.py": CORRECT.read_text(), name: BLANK})
    return Case([archive], {
        "alice": CORRECT_ROW,
        "mallory": Row("0", "not graded", f"{name[:119]}… in class.zip was not unpacked: its "
                                          "path is more than 32 folders deep; no .ipynb or .py "
                                          "file in mallory/"),
    })


CASES: list[Callable[[Path], Case]] = [
    link_to_the_reference, link_to_a_classmate_folder, link_to_a_classmate_flat,
    a_link_inside_the_students_folder, results_txt_links_to_dev_zero, a_named_pipe_as_notebook,
    a_named_pipe_as_results_txt, links_to_folders, metadata_in_a_students_folder,
    canvas_file_named_as_metadata, a_student_named_submitted,
    a_layout_that_leaves_files_unassigned,
    gradescope_layout_without_metadata, yaml_alias_bomb, submitters_is_a_string,
    metadata_nested_past_the_composers_depth, a_300_character_name, a_six_person_group_resumed,
    control_characters_in_a_name, a_hidden_alice_beside_alice,
    two_chinese_names_of_the_same_length, names_like_dot_and_dot_dot, names_that_differ_in_case,
    a_folder_1200_levels_deep, a_zip_with_dot_dot_entries, a_zip_with_a_link_entry,
    a_zip_with_an_oversize_member, a_zip_entry_1200_folders_deep,
]
