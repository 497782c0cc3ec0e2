"""A grading that could not run its hidden checks never reads as complete.

Without a sandbox that keeps the submission from the reference, the hidden checks are not
run. Each is still reported, at 0 of its points and saying why, so that the score stays out
of the assignment's total; the text report opens with INCOMPLETE, Gradescope's results.json
and the feedback page say so, `grade` exits 4 and a batch's row says "incomplete".

Without a sandbox a submission's code runs unconfined, so only the project's trusted
submissions run here.
"""

import csv
import json
import shutil

import pytest

from autograder.cli import EXIT_INCOMPLETE, main
from autograder.pipeline import Grader
from autograder.report import gradescope, html, store, summary, text
from autograder.run.sandbox import NONE
from tests.conftest import REFERENCE, REFERENCE_RESULTS, ROOT, SEED, SUBMISSIONS
from tests.test_gradescope import autograder_root, bundle, run_autograder  # noqa: F401

CORRECT = SUBMISSIONS / "correct_loops.py"
PUBLIC_POINTS = 61  # of the backprop assignment's 100


@pytest.fixture(scope="module")
def unsandboxed(suite):
    """A grader on a machine without a sandbox, asked for the hidden checks."""
    return Grader(suite, reference=REFERENCE, seed=SEED, sandbox=NONE)


@pytest.fixture(scope="module")
def incomplete(unsandboxed):
    return unsandboxed.grade(CORRECT, results=REFERENCE_RESULTS)


@pytest.fixture
def no_sandbox(monkeypatch):
    """The command line as on a machine without a sandbox."""
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "none")


def hidden_points(suite):
    return sum(c.points for q in suite.questions for c in q.checks if c.hidden)


def test_hidden_checks_are_reported_not_run_out_of_their_points(incomplete, graded, suite):
    complete = graded("correct_loops.py")
    assert [c.title for c in incomplete.checks] == [c.title for c in complete.checks]
    assert (incomplete.score, incomplete.max_score) == (PUBLIC_POINTS, 100)
    assert hidden_points(suite) == 100 - PUBLIC_POINTS
    for check in incomplete.checks:
        if check.hidden:
            assert (check.ran, check.passed, check.score) == (False, False, 0.0)
            assert "no sandbox" in check.message and "apt-get install bubblewrap" in check.message
        else:
            assert check.ran and check.passed
    assert not incomplete.complete and incomplete.status == "incomplete: hidden checks not run"
    assert complete.complete and complete.status == "graded"


def test_checks_not_run_are_not_blamed_on_other_functions(incomplete):
    # every public check passes: no question may say that a function it calls fails
    assert [q.note for q in incomplete.questions] == [""] * len(incomplete.questions)


def test_the_text_report_opens_with_incomplete_and_why(incomplete):
    lines = text.render(incomplete).splitlines()
    assert lines[0].startswith("INCOMPLETE: hidden checks not run: this machine has no sandbox")
    assert lines[0].endswith("(39 of 100 points not graded)")
    assert "NOT RUN hidden case 3-5-4-2 (0/3)" in [line.strip() for line in lines]
    assert lines[-1].startswith("score: 61/100 INCOMPLETE: hidden checks worth 39 points not run")


def test_a_complete_grading_does_not_say_incomplete(graded):
    rendered = text.render(graded("correct_loops.py"))
    assert "INCOMPLETE" not in rendered and "NOT RUN" not in rendered
    assert rendered.splitlines()[-1].startswith("score: 100/100  (")


def test_gradescope_lists_every_check_and_says_incomplete(incomplete):
    results = gradescope.as_dict(incomplete)
    assert (results["score"], results["max_score"]) == (61, 100)
    assert results["output"].splitlines()[0].startswith("INCOMPLETE: 39 of 100 points not graded")
    assert results["output"].splitlines()[1] == "sandbox: none"
    assert sum(t["max_score"] for t in results["tests"]) == 100
    not_run = [t for t in results["tests"] if t["output"].startswith("NOT RUN: ")]
    assert [t["name"] for t in not_run] == [c.title for c in incomplete.checks if c.hidden]
    assert {(t["score"], t["status"]) for t in not_run} == {(0.0, "failed")}


def test_a_stored_report_stays_incomplete(incomplete):
    again = store.loads(store.dumps(incomplete))
    assert not again.complete and len(again.not_run) == len(incomplete.not_run)
    assert again.max_score == 100


def test_the_feedback_page_says_incomplete(incomplete):
    page = html.render(incomplete)
    assert "<strong>Incomplete grading:</strong> 39 of the 100 points were not graded." in page
    assert "<li>hidden case 3-5-4-2 (0/3): not run</li>" in page
    assert "(61/100, incomplete)</title>" in page
    # the reason once, at the top, not once per check
    assert page.count("no sandbox to keep") == 1


def test_an_unreadable_file_keeps_the_assignment_total(unsandboxed, tmp_path):
    broken = tmp_path / "backprop.ipynb"
    broken.write_text("{ not json")
    report = unsandboxed.grade(broken)
    assert not report.loaded and report.max_score == 100 and report.status == "not graded"


def test_unsafe_runs_the_hidden_checks_without_a_sandbox(suite):
    report = Grader(suite, reference=REFERENCE, seed=SEED, sandbox=NONE, unsafe=True).grade(
        CORRECT, results=REFERENCE_RESULTS)
    assert report.complete and (report.score, report.max_score) == (100, 100)


def test_grade_exits_4_and_says_so_first(no_sandbox, capsys):
    code = main(["grade", str(CORRECT), "--results", str(REFERENCE_RESULTS), "--course",
                 str(ROOT), "--seed", "1"])
    out, err = capsys.readouterr()
    assert code == EXIT_INCOMPLETE == 4
    assert out.startswith("INCOMPLETE: hidden checks not run: this machine has no sandbox")
    assert "score: 61/100 INCOMPLETE" in out
    assert err.splitlines()[-1].startswith("autograder: INCOMPLETE: hidden checks not run")


def test_grade_as_json_exits_4_with_the_total(no_sandbox, capsys, tmp_path):
    output = tmp_path / "results.json"
    code = main(["grade", str(CORRECT), "--results", str(REFERENCE_RESULTS), "--course",
                 str(ROOT), "--format", "json", "--output", str(output)])
    results = json.loads(output.read_text())
    assert code == 4 and (results["score"], results["max_score"]) == (61, 100)


def test_public_only_grades_the_public_checks_out_of_their_points(no_sandbox, capsys):
    code = main(["grade", str(CORRECT), "--results", str(REFERENCE_RESULTS), "--public-only"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "INCOMPLETE" not in out and "NOT RUN" not in out
    assert not [line for line in out.splitlines() if line.strip().startswith("PASS hidden")]
    assert out.splitlines()[-1].startswith(f"score: {PUBLIC_POINTS}/{PUBLIC_POINTS} "
                                           "(public checks only)")
    assert "--public-only: the public checks alone, 61/61 public points" in err


def test_check_is_public_only_and_unchanged(no_sandbox, capsys):
    code = main(["check", str(CORRECT), "--results", str(REFERENCE_RESULTS)])
    out = capsys.readouterr().out
    assert code == 0 and "INCOMPLETE" not in out
    assert out.splitlines()[-1].startswith("score: 61/61 (public checks only)")


def test_the_sandbox_variable_only_weakens(monkeypatch, capsys):
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "bubblewrap")
    assert main(["check", str(CORRECT)]) == 2
    assert "AUTOGRADER_SANDBOX may only be 'none'" in capsys.readouterr().err


def test_demo_grades_its_own_submission_in_full_and_says_what_is_missing(no_sandbox, capsys):
    """The demo's submission is trusted, so README's first command shows a whole grading on
    any machine; it still says that students' work would not be graded in full here."""
    assert main(["demo", "--course", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    assert "INCOMPLETE" not in out and "score: " in out
    assert ("autograder: the demo's own submission was graded without a sandbox; students' "
            "submissions would not be: none: bubblewrap was not used (AUTOGRADER_SANDBOX=none)"
            ) in err


def test_a_batch_row_without_hidden_checks_says_incomplete(no_sandbox, tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CORRECT, folder / "alice.py")
    shutil.copy(SUBMISSIONS / "correct_vectorized.py", folder / "bob.py")
    for name in ("alice", "bob"):
        shutil.copy(REFERENCE_RESULTS, folder / f"{name}_results.txt")
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--out", str(out), "--course", str(ROOT), "--seed", "7",
                 "--quiet", "--jobs", "1"]) == 4
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as source:
        rows = {row["student"]: row for row in csv.DictReader(source)}
    assert {name: (row["total"], row["max_score"], row["status"]) for name, row in rows.items()} \
        == {name: ("61", "100", "incomplete: hidden checks not run") for name in ("alice", "bob")}
    printed = capsys.readouterr().out
    assert printed.startswith("INCOMPLETE: 2 of 2 students graded without their hidden checks")
    # checks not run are no reason for lost points: both students pass every check run
    assert "x hidden" not in printed and "not run" not in printed.split("\n", 1)[1]
    assert "INCOMPLETE: 2 of 2 students" in (out / "summary.html").read_text()


def test_summary_of_a_complete_class_does_not_say_incomplete(graded):
    overview = summary.summarize("backprop", [graded("correct_loops.py")])
    assert overview.incomplete == 0 and "INCOMPLETE" not in summary.text(overview)


def test_gradescope_without_a_sandbox_reports_incomplete(autograder_root, monkeypatch):  # noqa: F811
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "none")
    shutil.copy(CORRECT, autograder_root / "submission" / "backprop.py")
    shutil.copy(REFERENCE_RESULTS, autograder_root / "submission" / "results.txt")
    results = run_autograder(autograder_root)
    assert (results["score"], results["max_score"]) == (61, 100)
    assert results["output"].startswith("INCOMPLETE: 39 of 100 points not graded")
