"""The one reader of a student's files: regular files inside their folder, capped."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from autograder.files import Refused, read_capped
from autograder.pipeline import read_results


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    student = tmp_path / "alice"
    student.mkdir()
    (student / "results.txt").write_text('{"accuracy": 1}')
    (tmp_path / "bob.txt").write_text("bob's work")
    return student


def refusal(path: Path, cap: int = 100, within: Path | None = None) -> str:
    with pytest.raises(Refused) as refused:
        read_capped(path, cap, within)
    return str(refused.value)


def test_a_regular_file_and_a_link_beside_it_are_read(folder):
    (folder / "link.txt").symlink_to("results.txt")
    assert read_capped(folder / "results.txt", 100) == b'{"accuracy": 1}'
    assert read_capped(folder / "link.txt", 100) == b'{"accuracy": 1}'


def test_links_out_of_the_folder_are_refused(folder):
    (folder / "classmate.txt").symlink_to(folder.parent / "bob.txt")
    (folder / "shadow.txt").symlink_to("/etc/shadow")
    (folder / "zero.txt").symlink_to("/dev/zero")
    for name in ("classmate.txt", "shadow.txt", "zero.txt"):
        assert refusal(folder / name) == f"{name} is a link to a file outside the submission"


def test_a_link_in_a_subfolder_may_point_anywhere_in_the_students_folder(folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "up.txt").symlink_to("../results.txt")
    assert refusal(folder / "sub" / "up.txt") == "up.txt is a link to a file outside the submission"
    assert read_capped(folder / "sub" / "up.txt", 100, within=folder) == b'{"accuracy": 1}'


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(folder):
    os.mkfifo(folder / "pipe.txt")
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(refusal(folder / "pipe.txt")))
    reader.start()
    reader.join(timeout=5)
    assert result == ["pipe.txt is not a regular file"]


def test_the_cap_is_counted_while_reading(folder):
    (folder / "big.txt").write_bytes(b"x" * 101)
    assert refusal(folder / "big.txt") == "big.txt is larger than 100 bytes"
    assert read_capped(folder / "big.txt", 101) == b"x" * 101


def test_results_txt_that_is_a_device_is_reported_not_read(folder):
    (folder / "results.txt").unlink()
    assert read_results(folder / "results.txt") is None  # none handed in
    (folder / "results.txt").symlink_to("/dev/zero")
    assert read_results(folder / "results.txt") == (
        "results.txt was not read: results.txt is a link to a file outside the submission")
