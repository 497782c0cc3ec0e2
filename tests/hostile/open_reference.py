"""Hostile: defines no function of its own; it looks for the reference solution by absolute
path and by relative walks (../solutions/..., up to 8 levels, from its folder and its home),
through /proc/1/root and /proc/1/cwd, and by importing the grader's package to find the
course directory. Whatever it can read, it runs, to borrow the reference's functions.
Prints ATTEMPTS and the JSON of what each attempt gave.
Expected: every attempt fails; no function is defined; only results.txt keeps points."""

import importlib
import json
import os

REFERENCE = "/work/main/solutions/backprop/backprop.ipynb"
RELATIVE = "solutions/backprop/backprop.ipynb"

candidates = [REFERENCE, RELATIVE, "/proc/1/root" + REFERENCE, "/proc/1/cwd/" + RELATIVE]
for start in (os.getcwd(), os.path.expanduser("~")):
    candidates += [os.path.join(start, "../" * up + RELATIVE) for up in range(1, 9)]
attempts = {}
try:
    grader = importlib.import_module("autograder")
    course = os.path.dirname(os.path.dirname(os.path.abspath(grader.__file__)))
    candidates.append(os.path.join(course, RELATIVE))
    attempts["import autograder"] = grader.__file__
except ImportError as error:
    attempts["import autograder"] = f"{type(error).__name__}: {error}"

leaked = None
for path in candidates:
    try:
        with open(path, encoding="utf-8") as notebook:
            leaked = json.load(notebook)
        attempts[path] = "read"
        break
    except (OSError, ValueError) as error:
        attempts[path] = f"{type(error).__name__}: {error}"
print("ATTEMPTS " + json.dumps(attempts), flush=True)

if leaked is not None:
    for cell in leaked.get("cells", []):
        if cell.get("cell_type") == "code":
            try:
                exec("".join(cell["source"]), globals())
            except Exception:  # a cell of the reference that needs what is not here
                pass
