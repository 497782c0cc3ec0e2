"""`autograder batch`: a class graded at once, in every layout an instructor downloads.

What is checked is what an instructor reads: the gradebook's rows, the summary, the exit
code, and that an interrupted batch finishes without grading anyone twice.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from autograder.cli import main
from autograder.collect import CollectError, collect
from autograder.report import store
from autograder.report.gradebook import cell as gradebook_cell
from tests.conftest import REFERENCE_RESULTS, ROOT, SUBMISSIONS, TRUSTED_FLAGS

HOSTILE = ROOT / "tests" / "hostile"
QUESTIONS = ["sigmoid", "initialize_weights", "feedforward_", "feedforward", "calculate_deltas",
             "batch_update_nn", "sgd_nn", "multi_accuracy", "results.txt"]


def gradebook(out):
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as source:
        return {row["student"]: row for row in csv.DictReader(source)}


def batch(*args):
    return main(["batch", *map(str, args), "--course", str(ROOT), "--seed", "7", "--quiet",
                 *TRUSTED_FLAGS])


# Layouts: who is who, and which file is theirs.

def test_a_flat_folder_names_students_by_file_and_finds_their_results(tmp_path):
    for name in ("alice.ipynb", "bob.py", "doejane_late_1234_5678_backprop.ipynb",
                 "alice_results.txt", "doejane_1234_5678_results.txt"):
        (tmp_path / name).write_text("{}")
    entries = {e.student: e for e in collect([tmp_path], "backprop", tmp_path / "unpacked").entries}
    assert sorted(entries) == ["alice", "bob", "doejane"]
    assert entries["alice"].results.name == "alice_results.txt"
    assert entries["doejane"].submission.name == "doejane_late_1234_5678_backprop.ipynb"
    assert entries["doejane"].results.name == "doejane_1234_5678_results.txt"
    assert entries["bob"].results is None


def test_a_folder_per_student_prefers_the_assignment_notebook_and_says_so(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "backprop.ipynb").write_text("{}")
    (tmp_path / "alice" / "scratch.ipynb").write_text("{}")
    (tmp_path / "alice" / "results.txt").write_text("{}")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "notes.md").write_text("nothing to grade")
    entries = {e.student: e for e in collect([tmp_path], "backprop", tmp_path / "unpacked").entries}
    assert entries["alice"].submission.name == "backprop.ipynb"
    assert entries["alice"].results.name == "results.txt"
    assert entries["alice"].note == ""
    assert "bob" not in entries  # a folder with no code is not a student


def test_nbgraders_submitted_folder_names_students_by_folder(tmp_path):
    for student in ("alice", "bob"):
        folder = tmp_path / "submitted" / student / "backprop"
        folder.mkdir(parents=True)
        (folder / "backprop.ipynb").write_text("{}")
    (tmp_path / "submitted" / "carol" / "backprop").mkdir(parents=True)
    entries = {e.student: e for e in collect([tmp_path], "backprop", tmp_path / "unpacked").entries}
    assert sorted(entries) == ["alice", "bob", "carol"]
    assert entries["bob"].submission == tmp_path / "submitted/bob/backprop/backprop.ipynb"
    assert entries["carol"].submission is None
    assert "no .ipynb or .py file" in entries["carol"].note


def test_a_gradescope_export_zip_names_students_by_their_metadata(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("assignment_1_export/submission_11/backprop.ipynb", "{}")
        zipped.writestr("assignment_1_export/submission_11/results.txt", "{}")
        zipped.writestr("assignment_1_export/submission_12/backprop.py", "")
        zipped.writestr("assignment_1_export/submission_metadata.yml", (
            "submission_11:\n  :submitters:\n  - :name: Ada Lovelace\n    :sid: '1815'\n"
            "submission_12:\n  :submitters:\n  - :name: Alan Turing\n    :email: at@x.org\n"))
    entries = {e.student: e for e in collect([archive], "backprop", tmp_path / "unpacked").entries}
    assert sorted(entries) == ["1815", "at@x.org"]
    assert entries["1815"].results.name == "results.txt"
    assert entries["at@x.org"].submission.name == "backprop.py"


@pytest.mark.parametrize("member", ["../escape.py", "/etc/evil.py"])
def test_a_zip_entry_that_writes_outside_its_folder_is_skipped_and_said(tmp_path, member):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("ok.py", "")
        zipped.writestr(member, "")
    collection = collect([archive], "backprop", tmp_path / "unpacked")
    assert [e.student for e in collection.entries] == ["ok"]
    assert collection.warnings == [
        f"{member} in class.zip was not unpacked: its path leads out of the folder"]
    assert not (tmp_path / "escape.py").exists()


def test_a_file_that_is_not_a_zip_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "class.zip").write_text("not a zip")
    with pytest.raises(CollectError, match="class.zip is not a readable zip"):
        collect([tmp_path / "class.zip"], "backprop", tmp_path / "unpacked")


def test_a_folder_without_submissions_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "readme.md").write_text("")
    assert batch(tmp_path / "class", "--out", tmp_path / "out") == 2
    assert "holds no .ipynb or .py submission" in capsys.readouterr().err


# A whole class.

@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A small class with a correct, two buggy, a crashing, a hanging and a broken file."""
    folder = tmp_path_factory.mktemp("class")
    for name in ("correct_loops.py", "bias_not_updated.py", "output_delta_sign.py"):
        shutil.copy(SUBMISSIONS / name, folder / name)
        shutil.copy(REFERENCE_RESULTS, folder / f"{name[:-3]}_results.txt")
    shutil.copy(HOSTILE / "os_exit_at_import.py", folder)
    shutil.copy(HOSTILE / "loop_at_import.py", folder)
    (folder / "=cmd.py").write_text("raise RuntimeError('=HYPERLINK(\"x\")')\n")
    (folder / "broken.ipynb").write_text("{ not json")
    out = tmp_path_factory.mktemp("out") / "grading"
    code = batch(folder, "--out", out, "--jobs", "2", "--timeout", "4", "--feedback")
    return code, out


def test_the_batch_ends_with_exit_0_and_a_row_for_every_student(graded_class):
    code, out = graded_class
    assert code == 0
    rows = gradebook(out)
    assert sorted(rows) == sorted(["correct_loops", "bias_not_updated", "output_delta_sign",
                                   "os_exit_at_import", "loop_at_import", "'=cmd", "broken"])
    assert list(next(iter(rows.values()))) == ["student", "total", "max_score", *QUESTIONS,
                                               "status", "notes"]


def test_a_correct_submission_gets_every_point_and_a_mistake_loses_its_question(graded_class):
    rows = gradebook(graded_class[1])
    assert rows["correct_loops"]["total"] == "100"
    assert rows["bias_not_updated"]["batch_update_nn"] != "15"
    assert rows["bias_not_updated"]["calculate_deltas"] == "20"
    assert rows["output_delta_sign"]["calculate_deltas"] == "0"
    assert rows["output_delta_sign"]["feedforward_"] == "10"


def test_crashes_hangs_and_broken_files_become_rows_with_their_reason(graded_class):
    rows = gradebook(graded_class[1])
    assert rows["broken"]["status"] == "not graded"
    assert "not valid JSON" in rows["broken"]["notes"]
    assert rows["os_exit_at_import"]["total"] == "0"
    assert "exited" in rows["os_exit_at_import"]["notes"]
    assert rows["loop_at_import"]["total"] == "0"
    assert "stopped" in rows["loop_at_import"]["notes"]


def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted(graded_class):
    # the student named by the file "=cmd.py", whose cell raises '=HYPERLINK("x")'
    rows = gradebook(graded_class[1])
    assert "'=cmd" in rows
    assert '=HYPERLINK("x")' in rows["'=cmd"]["notes"]
    raw = (graded_class[1] / "gradebook.csv").read_text()
    assert "\n=" not in raw and ",=" not in raw


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_every_start_of_a_formula_is_quoted(text):
    assert gradebook_cell(text) == f"'{text}"
    assert gradebook_cell(f"alice {text}") == f"alice {text}"


def test_each_students_result_is_a_gradescope_results_json(graded_class):
    stored = json.loads((graded_class[1] / "results" / "correct_loops.json").read_text())
    assert stored["score"] == 100
    assert {"name", "score", "max_score", "status", "output"} <= set(stored["tests"][0])
    assert store.from_dict(stored).student == "correct_loops"


def test_the_summary_gives_each_questions_mean_pass_rate_and_failures(graded_class):
    page = (graded_class[1] / "summary.html").read_text()
    assert "7 students" in page
    assert "<td>calculate_deltas</td>" in page
    assert "data:image/png;base64," in page  # the histogram of totals
    # Failures are counted by student and named by the mistake when the catalog knows it.
    assert "<li>1 &times; your output-layer deltas have the opposite sign" in page


def test_feedback_gives_every_student_their_own_page(graded_class):
    pages = graded_class[1] / "feedback"
    assert sorted(p.stem for p in pages.glob("*.html")) == sorted(
        ["correct_loops", "bias_not_updated", "output_delta_sign", "os_exit_at_import",
         "loop_at_import", "=cmd", "broken"])  # a file name is no formula: "=" stays
    assert ">100/100<" in (pages / "correct_loops.html").read_text()
    mistaken = (pages / "output_delta_sign.html").read_text()
    assert "your output-layer deltas have the opposite sign" in mistaken
    assert "not valid JSON" in (pages / "broken.html").read_text()


def test_the_summary_is_printed_on_the_terminal(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SUBMISSIONS / "output_delta_sign.py", folder)
    assert batch(folder, "--out", tmp_path / "out") == 0
    printed = capsys.readouterr().out
    assert "backprop: 1 students" in printed
    assert "calculate_deltas: mean 0.0/20, 0% full marks" in printed


def test_an_out_folder_holding_a_batch_needs_resume(graded_class, capsys):
    _, out = graded_class
    assert batch(SUBMISSIONS / "correct_loops.py", "--out", out) == 2
    assert "--resume" in capsys.readouterr().err


def test_a_killed_batch_resumes_without_grading_anyone_twice(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    names = ["correct_loops", "bias_not_updated", "output_delta_sign", "seed_ignored",
             "eta_ignored", "correct_vectorized"]
    for name in names:
        shutil.copy(SUBMISSIONS / f"{name}.py", folder)
    shutil.copy(REFERENCE_RESULTS, folder / "correct_loops_results.txt")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "batch", str(folder), "--out", str(out),
               "--course", str(ROOT), "--jobs", "1", "--seed", "3", *TRUSTED_FLAGS]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list((out / "results").glob("*.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    kept = {p.name: p.stat().st_ino for p in (out / "results").glob("*.json")}
    assert 2 <= len(kept) < len(names)
    assert not (out / "gradebook.csv").exists()

    resumed = subprocess.run([*command, "--resume", "--feedback"], capture_output=True,
                             text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert {p.name: p.stat().st_ino for p in (out / "results").glob("*.json")
            if p.name in kept} == kept  # not one of them was graded again
    assert sorted(gradebook(out)) == sorted(names)
    assert f"{len(kept)}/{len(names)}" in resumed.stderr  # the progress bar starts there
    assert gradebook(out)["correct_loops"]["total"] == "100"
    assert "6 students" in (out / "summary.html").read_text()
    assert sorted(p.stem for p in (out / "feedback").glob("*.html")) == sorted(names)
