"""`autograder batch` on hostile class folders and zips (tests/hostile_batch.py): whatever
one student hands in costs at most that student's row, and the row says why.

Each case runs the batch as an instructor does (a process, in the course directory, so
that a link through /proc/self/cwd reaches solutions/) and compares the gradebook's rows,
the warnings about the class and the exit code with the case's; the stored reports must
be one per row, each in its own file. Below the corpus: the pieces, on their own.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.collect import collect
from autograder.names import MAX_FILE_BYTES, file_name, unique_file_names
from autograder.submitters import MetadataError, read
from autograder.walk import walk
from tests.conftest import TRUSTED_FLAGS
from tests.hostile_batch import CASES, ROOT, Case, Row

COMMAND = [sys.executable, "-m", "autograder", "batch"]


def remove_tree(folder: Path) -> None:
    """rmtree without recursion: a case's folder may be 1,200 levels deep."""
    pending = [str(folder)]
    while pending:
        current = pending[-1]
        with os.scandir(current) as listing:
            entries = list(listing)
        folders = [e.path for e in entries if e.is_dir(follow_symlinks=False)]
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        if folders:
            pending += folders
        else:
            os.rmdir(current)
            pending.pop()


@pytest.fixture
def workdir(tmp_path):
    yield tmp_path
    remove_tree(tmp_path)


def run_batch(case: Case, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, *map(str, case.inputs), "--out", str(out), "--course", str(ROOT),
         "--seed", "7", "--quiet", "--jobs", "2", *TRUSTED_FLAGS, *case.args, *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=300)


def rows(out: Path) -> dict[str, Row]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as source:
        return {r["student"]: Row(r["total"], r["status"], r["notes"])
                for r in csv.DictReader(source)}


def stored(out: Path) -> dict[str, str]:
    """Each stored report's file stem -> the student it is of."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8"))["report"]["student"]
            for path in (out / "results").glob("*.json")}


@pytest.mark.parametrize("build", CASES, ids=[build.__name__ for build in CASES])
def test_a_hostile_class_costs_each_student_at_most_their_row(build, workdir):
    case = build(workdir)
    out = workdir / "out"
    run = run_batch(case, out)
    assert run.returncode == case.exit_code, run.stderr
    if case.exit_code == 2:
        assert run.stderr == f"autograder: {case.error}\n"
        return
    assert rows(out) == case.rows
    assert [line.removeprefix("warning: ") for line in run.stdout.splitlines()
            if line.startswith("warning: ")] == case.warnings
    assert [line for line in run.stderr.splitlines() if "warning" in line] == [
        f"autograder: warning: {warning}" for warning in case.warnings]
    if case.warnings:
        assert 'id="warnings"' in (out / "summary.html").read_text(encoding="utf-8")
    files = stored(out)
    assert sorted(files.values()) == sorted(case.rows)  # one file per row, no row replaced
    assert all(len(stem.encode()) <= MAX_FILE_BYTES for stem in files)
    assert len({stem.casefold() for stem in files}) == len(files)  # also where case folds
    for student, stem in case.stems.items():
        assert files[stem] == student
    if case.resume:
        kept = {p.name: p.stat().st_ino for p in (out / "results").glob("*.json")}
        again = run_batch(case, out, "--resume")
        assert again.returncode == 0, again.stderr
        assert rows(out) == case.rows
        assert {p.name: p.stat().st_ino for p in (out / "results").glob("*.json")} == kept


def test_the_corpus_holds_every_kind_of_attack():
    assert len(CASES) >= 15
    assert len({build.__name__ for build in CASES}) == len(CASES)


# File names.

@pytest.mark.parametrize("student, expected", [
    ("alice", "alice"), ("张伟", "张伟"), ("Zoë", "Zoë"), (".alice", "alice"), (".", "_"),
    ("..", "_"), ("../../etc/passwd", "_.._etc_passwd"), ("a/b\\c", "a_b_c"),
    ("tab\there", "tab_here"), ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("trail. ", "trail"),
    ("a\u202egnp.exe", "a_gnp.exe"),
])
def test_a_file_name_keeps_letters_of_any_script_and_nothing_a_path_acts_on(student, expected):
    assert file_name(student) == expected


def test_a_long_name_is_cut_to_a_bounded_stem_that_stays_unique_and_stable():
    first, second = "x" * 300 + "1", "x" * 300 + "2"
    stems = unique_file_names([first, second])
    assert stems == unique_file_names([first, second])  # the same on --resume
    assert stems[0] != stems[1]
    assert all(len(s.encode()) == MAX_FILE_BYTES and s.startswith("x" * 80) for s in stems)
    wide = unique_file_names(["张" * 200])[0]
    assert len(wide.encode()) <= MAX_FILE_BYTES and wide.startswith("张" * 29)


def test_names_that_collide_after_sanitising_or_case_folding_get_distinct_stems():
    names = ["alice", ".alice", "Alice", "ALICE", ".", "..", "_", "e\u0301", "\u00e9"]
    stems = unique_file_names(names)
    assert stems[0] == "alice" and stems[6] == "_"  # names that are safe keep their stem
    assert len({s.casefold() for s in stems}) == len(names)
    assert unique_file_names(list(reversed(names)))[::-1][1] == stems[1]  # order-free


# The bounded walk.

def test_a_walk_stops_at_its_depth_and_entry_caps_without_recursion(tmp_path):
    deep = tmp_path / "s" / Path(*["d"] * 40)
    deep.mkdir(parents=True)
    (deep / "x.py").write_text("")
    (tmp_path / "s" / "top.py").write_text("")
    found = walk(tmp_path / "s", "s/", max_depth=5)
    assert [p.name for p in found.files] == ["top.py"]
    assert found.skipped == ["s/ has folders more than 5 levels deep: they were not searched"]
    many = tmp_path / "many"
    many.mkdir()
    for i in range(30):
        (many / f"{i}.py").write_text("")
    found = walk(many, "many/", max_entries=10)
    assert len(found.files) == 10
    assert found.skipped == ["many/ holds more than 10 files and folders: the rest were not "
                             "searched"]


# Gradescope's metadata.

def test_metadata_reads_names_and_refuses_wrong_types_one_submission_at_a_time(tmp_path):
    (tmp_path / "submission_metadata.yml").write_text(
        "s1:\n  :submitters:\n  - :sid: 1815\n"
        "s2:\n  :submitters: {a: 1}\n"
        "s3:\n  :submitters:\n  - :sid: true\n"
        "s4:\n  :submitters:\n  - :email: a@x.org\n  - :name: Bo\n"
        "s5: [1, 2]\n")
    named = read(tmp_path / "submission_metadata.yml", tmp_path)
    assert {key: (n.student, n.problem) for key, n in named.items()} == {
        "s1": ("1815", ""),
        "s2": (None, ":submitters: is not a list of submitters"),
        "s3": (None, "a submitter's :sid is not text"),
        "s4": ("a@x.org+Bo", ""),
        "s5": (None, "its entry is not a mapping"),
    }


@pytest.mark.parametrize("text, message", [
    ("- a\n- b\n", "submission_metadata.yml does not map submissions to their submitters"),
    ("a: [unclosed\n", "submission_metadata.yml is not YAML that can be read: while parsing a "
                       "flow sequence"),
    ("a: " + "9" * 5000 + "\n", "submission_metadata.yml is not YAML that can be read: "
                                "Exceeds the limit (4300 digits) for integer string conversion:"
                                " value has 5000 digits; use sys.set_int_max_str_digits() to "
                                "increase the limit"),
])
def test_metadata_that_cannot_be_read_at_all_says_why(tmp_path, text, message):
    (tmp_path / "submission_metadata.yml").write_text(text)
    with pytest.raises(MetadataError) as refused:
        read(tmp_path / "submission_metadata.yml", tmp_path)
    assert str(refused.value) == message


def test_metadata_larger_than_its_cap_is_not_read(tmp_path):
    with open(tmp_path / "submission_metadata.yml", "wb") as sink:
        sink.truncate(8 * 2**20 + 1)
    with pytest.raises(MetadataError, match="submission_metadata.yml is larger than 8 MiB"):
        read(tmp_path / "submission_metadata.yml", tmp_path)


# Zips.

def test_a_zip_entry_that_fails_costs_only_that_entry(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("alice/backprop.py", "x = 1\n")
        zipped.writestr("bob", "a file where bob's folder should be")
        zipped.writestr("bob/backprop.py", "x = 1\n")
    collection = collect([archive], "backprop", tmp_path / "unpacked")
    entries = {e.student: e for e in collection.entries}
    assert entries["alice"].submission.name == "backprop.py"
    assert entries["bob"].submission is None
    assert entries["bob"].note.startswith("bob/backprop.py in class.zip was not unpacked: it "
                                          "cannot be written (")


def test_two_zips_of_the_same_name_are_unpacked_apart(tmp_path):
    archives = []
    for number in (1, 2):
        (tmp_path / str(number)).mkdir()
        archives.append(tmp_path / str(number) / "class.zip")
        with zipfile.ZipFile(archives[-1], "w") as zipped:
            zipped.writestr(f"student{number}.py", "x = 1\n")
    entries = collect(archives, "backprop", tmp_path / "unpacked").entries
    assert sorted(e.student for e in entries) == ["student1", "student2"]
    assert all(e.submission.is_file() for e in entries)  # the second did not erase the first


def test_a_batch_resumes_only_with_the_layout_it_was_read_with(tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "carol.py").write_text("x = 1\n")
    case = Case([tmp_path / "class"], {}, args=["--layout", "flat"])
    assert run_batch(case, tmp_path / "out").returncode == 0
    case.args = []
    again = run_batch(case, tmp_path / "out", "--resume")
    assert (again.returncode, again.stderr) == (
        2, f"autograder: {tmp_path / 'out'} was graded with --layout flat: resume with it\n")
