"""Loading a submission: notebooks with IPython syntax become plain Python; bad files say why."""

import codecs
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.load import LoadError, load


def write_notebook(path, cells):
    nbformat.write(new_notebook(cells=cells), path)
    return path


def run(submission):
    """Execute the loaded cells as the child would: each must be valid Python."""
    namespace = {}
    for cell in submission.cells:
        exec(compile(cell.source, f"<code cell {cell.index}>", "exec"), namespace)
    return namespace


def test_magics_and_shell_escapes_are_dropped(tmp_path):
    path = write_notebook(tmp_path / "magics.ipynb", [
        new_markdown_cell("# A notebook with IPython syntax"),
        new_code_cell("%matplotlib inline\nimport math"),
        new_code_cell("!pip list"),
        new_code_cell("files = !ls\nt = %timeit -o math.sqrt(2)\nafter_capture = 1"),
        new_code_cell("%%time\ntimed = sum(range(10))"),
        new_code_cell("%%bash\necho hello\nexit 1"),
        new_code_cell("def f(x):\n    %time y = x\n    !echo inside\n    return 2 * x"),
        new_code_cell("%%capture\ncaptured = 'yes'"),
    ])
    submission = load(path)
    namespace = run(submission)
    assert namespace["timed"] == 45
    assert namespace["after_capture"] == 1
    assert namespace["captured"] == "yes"
    assert namespace["f"](3) == 6
    assert "math" in namespace
    assert not any("echo hello" in cell.source for cell in submission.cells)


def test_cells_keep_the_numbers_a_student_sees(tmp_path):
    path = write_notebook(tmp_path / "numbers.ipynb", [
        new_code_cell("a = 1"),  # code cell 1
        new_markdown_cell("text"),
        new_code_cell("%%bash\necho skipped"),
        new_code_cell(""),
        new_code_cell("b = 2"),  # code cell 4: markdown cells are not counted
    ])
    assert [(c.index, c.source) for c in load(path).cells] == [(1, "a = 1"), (4, "b = 2")]


def test_magic_inside_a_block_keeps_line_numbers(tmp_path):
    path = write_notebook(tmp_path / "lines.ipynb", [
        new_code_cell("if True:\n    %time x = 1\n    y = 1 / 0"),
    ])
    (cell,) = load(path).cells
    with pytest.raises(ZeroDivisionError) as raised:
        exec(compile(cell.source, "<code cell 1>", "exec"), {})
    assert raised.traceback[-1].lineno + 1 == 3


@pytest.mark.parametrize("source", [
    "same = (1\n        != 2)",  # black breaks long comparisons before the operator
    "rest = (10\n        % 3)",
])
def test_operator_at_the_start_of_a_continued_line_is_python(tmp_path, source):
    """IPython reads `!` and `%` as escapes only at the start of a statement, not in brackets."""
    path = write_notebook(tmp_path / "continued.ipynb", [new_code_cell(source)])
    namespace = run(load(path))
    assert namespace.get("same", True) is True
    assert namespace.get("rest", 1) == 1


def test_self_check_and_exercise_cells_are_skipped(tmp_path):
    path = write_notebook(tmp_path / "tagged.ipynb", [
        new_code_cell("def sigmoid(x):\n    return x"),
        new_code_cell("from autograder.selfcheck import check\ncheck(sigmoid)",
                      metadata={"tags": ["self-check"]}),
        new_code_cell("raise RuntimeError('a long exercise')", metadata={"tags": ["exercise"]}),
        new_code_cell("done = True", metadata={"tags": ["other"]}),
    ])
    submission = load(path)
    assert [c.index for c in submission.cells] == [1, 4]
    assert run(submission)["done"] is True


def test_python_file_is_one_cell(tmp_path):
    path = tmp_path / "submission.py"
    path.write_text("x = 1\n# %not a magic in a .py file\n")
    (cell,) = load(path).cells
    assert (cell.index, cell.source) == (1, "x = 1\n# %not a magic in a .py file\n")


def test_not_json(tmp_path):
    path = tmp_path / "backprop.ipynb"
    path.write_text('{"cells": [')
    with pytest.raises(LoadError) as raised:
        load(path)
    assert str(raised.value).startswith("backprop.ipynb is not a notebook: it is not valid JSON (")


@pytest.mark.parametrize("text", ["{}", "[]", '{"cells": 3}'])
def test_json_that_is_not_a_notebook(tmp_path, text):
    path = tmp_path / "backprop.ipynb"
    path.write_text(text)
    with pytest.raises(LoadError, match=r"^backprop\.ipynb is not a notebook: "
                                        r"it is JSON without a list of cells$"):
        load(path)


def test_notebook_with_a_malformed_cell(tmp_path):
    path = tmp_path / "backprop.ipynb"
    path.write_text('{"cells": [{"cell_type": "code"}], "metadata": {}, '
                    '"nbformat": 4, "nbformat_minor": 5}')
    with pytest.raises(LoadError, match=r"^backprop\.ipynb is not a valid notebook: "):
        load(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "submission.py"
    path.write_bytes(b"name = 'caf\xe9'\n")
    with pytest.raises(LoadError, match=r"^submission\.py is not UTF-8 text \(byte 11\)$"):
        load(path)


def test_wrong_extension(tmp_path):
    path = tmp_path / "submission.txt"
    path.write_text("x = 1\n")
    with pytest.raises(LoadError) as raised:
        load(path)
    assert str(raised.value) == (
        "submission.txt: a submission is a notebook (.ipynb) or a Python file (.py)")


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.ipynb"
    with pytest.raises(LoadError) as raised:
        load(path)
    assert str(raised.value) == f"no such file: {path}"


def test_directory_is_not_a_submission(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load(tmp_path)


def test_loading_notebooks_leaves_optional_modules_importable():
    """The format checkers kept out of nbformat's import stay importable for a student's
    kernel, which imports the loader with the self-checks."""
    import importlib

    import autograder.load  # noqa: F401

    for name in ("idna", "jsonpointer"):
        assert importlib.import_module(name).__name__ == name


def test_a_byte_order_mark_grades_as_without_it(tmp_path, grader, reference_results):
    """Editors on Windows may start UTF-8 files with a byte-order mark: a correct .py and
    the reference notebook with one score as they do without."""
    root = Path(__file__).resolve().parents[1]
    for source, name in ((root / "tests" / "submissions" / "correct_loops.py", "backprop.py"),
                         (root / "solutions" / "backprop" / "backprop.ipynb", "backprop.ipynb")):
        marked = tmp_path / name
        marked.write_bytes(codecs.BOM_UTF8 + source.read_bytes())
        report = grader.grade(marked, results=reference_results)
        assert (report.score, report.max_score, report.problems) == (100, 100, []), name
