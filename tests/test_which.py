"""Which assignment a file is for, a wrong path given to `grade`, and the commands' help."""

from __future__ import annotations

import csv
import shutil

import pytest

from autograder import which
from autograder.cli import main, parser
from tests.conftest import REFERENCE_RESULTS, ROOT, SUBMISSIONS, TRUSTED_FLAGS

PERCEPTRON = ROOT / "solutions" / "perceptron" / "perceptron.ipynb"
BACKPROP = SUBMISSIONS / "correct_loops.py"


@pytest.mark.parametrize("name, expected", [
    ("perceptron.ipynb", "perceptron"),
    ("doejane_late_1234_5678_perceptron.ipynb", "perceptron"),  # Canvas
    ("Jane Doe - perceptron.ipynb", "perceptron"),
    ("training.py", "training"),
])
def test_a_name_that_says_the_assignment_decides(tmp_path, name, expected):
    path = tmp_path / name
    shutil.copy(BACKPROP, path)  # the name decides, whatever the file defines
    assert which.guess(path) == which.Guess(expected, "named")


@pytest.mark.parametrize("name", ["hw2.ipynb", "perceptron_final.ipynb", "my_backprop_v2.ipynb"])
def test_otherwise_the_functions_decide(tmp_path, name):
    path = tmp_path / name
    shutil.copy(PERCEPTRON, path)
    guessed = which.guess(path)
    assert (guessed.assignment, guessed.how) == ("perceptron", "functions")
    assert "train_perceptron" in guessed.defined
    assert guessed.told(name).startswith(f"graded as perceptron: {name} defines its "
                                         "functions (gate_network, ")


def test_grade_says_how_it_chose_and_grades_the_right_assignment(tmp_path, capsys):
    path = tmp_path / "hw2.ipynb"
    shutil.copy(PERCEPTRON, path)
    assert main(["grade", str(path), "--course", str(ROOT), "--seed", "3",
                 *TRUSTED_FLAGS]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("perceptron: ") and "score: 100/100" in out
    assert "autograder: graded as perceptron: hw2.ipynb defines its functions" in err


def test_a_file_of_another_assignment_is_told_to_use_it(tmp_path, capsys):
    path = tmp_path / "hw2.ipynb"
    shutil.copy(PERCEPTRON, path)
    main(["grade", str(path), "--assignment", "backprop", "--course", str(ROOT),
          "--seed", "3", *TRUSTED_FLAGS])
    out = capsys.readouterr().out
    assert ("! this file defines none of backprop's functions but those of perceptron "
            "(gate_network, ") in out
    assert "Grade it with --assignment perceptron" in out


def test_a_file_of_unknown_functions_is_graded_as_the_default_and_told(tmp_path,
                                                                            capsys):
    path = tmp_path / "hw2.py"
    path.write_text("def my_helper():\n    return 1\n")
    main(["check", str(path)])
    assert ("autograder: graded as backprop: hw2.py names no assignment and defines none of "
            "their functions; --assignment chooses another") in capsys.readouterr().err


def test_batch_grades_a_class_of_perceptron_notebooks_as_perceptron(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    for student in ("ann", "ben"):
        shutil.copy(PERCEPTRON, folder / f"{student}.ipynb")
    shutil.copy(BACKPROP, folder / "cid.py")  # handed in for the wrong assignment
    out = tmp_path / "out"
    assert main(["batch", str(folder), "--out", str(out), "--course", str(ROOT), "--seed", "3",
                 "--quiet", "--jobs", "1", *TRUSTED_FLAGS]) == 0
    assert ("autograder: graded as perceptron: most of the class's files are for it"
            in capsys.readouterr().err)
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as source:
        rows = {row["student"]: row for row in csv.DictReader(source)}
    assert [rows[s]["total"] for s in ("ann", "ben")] == ["100", "100"]
    assert rows["cid"]["total"] == "0"
    assert "those of backprop" in rows["cid"]["notes"]
    assert "Grade it with --assignment backprop" in rows["cid"]["notes"]


@pytest.mark.parametrize("command", ["grade", "check"])
def test_a_missing_file_is_one_line_and_exit_3(tmp_path, capsys, command):
    missing = tmp_path / "nope.ipynb"
    assert main([command, str(missing), "--results", str(REFERENCE_RESULTS)]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err == f"autograder: no such file: {missing}\n"


def test_a_folder_given_to_grade_points_to_batch(tmp_path, capsys):
    assert main(["grade", str(tmp_path)]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"autograder: {tmp_path} is a folder: `autograder batch` grades a folder "
                   "of submissions; `grade` and `check` take one file\n")


def test_every_option_of_every_command_has_help():
    import argparse

    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    bare = [(name, action.dest) for name, command in commands.choices.items()
            for action in command._actions if not action.help]
    assert bare == []


def test_grade_help_lists_the_assignments(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "the assignment: backprop, perceptron, training" in shown
