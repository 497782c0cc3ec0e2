"""Stub submissions generated from a released student notebook: every skeleton computes
nothing, in one of a few ways, and every assignment must give such a stub 0 on every
question.

A skeleton is a function of the notebook whose body (after its docstring) raises
NotImplementedError; it is found by parsing each code cell with `ast`, never by running
the notebook. One stub file per strategy, every function answering with that strategy:

- zero, none: return 0, None;
- first argument, deep copy: return the first argument itself, or a deep copy of it;
- zeros of its shape: zeros laid out like the first argument;
- random of the right shape: random numbers in [0, 1) laid out like the reference's answer
  to the very call (looked up by the call's arguments in a table the test builds from the
  reference's answers to the grader's calls: layouts only, never a value), else like its
  answer to the first call of that function.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path
from typing import Any

import nbformat

from autograder.run.protocol import Call

STRATEGIES = ("zero", "none", "first argument", "deep copy", "zeros of its shape",
              "random of the right shape")

HELPERS = '''
import copy
import hashlib
import json
import random

_RANDOM = random.Random(7)


def _zeros(value):
    """Zeros laid out like value: lists for lists and tuples, 0.0 for anything else."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_zeros(item) for item in value]
    return 0.0


def _placeholder(value):
    if isinstance(value, (list, tuple)):
        return [_placeholder(item) for item in value]
    if isinstance(value, dict):
        return {key: _placeholder(item) for key, item in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return "<object>"  # a callable or a generator the grader described as data


def _key(name, args, kwargs):
    text = json.dumps([name, _placeholder(list(args)), _placeholder(kwargs)], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _filled(layout):
    if isinstance(layout, list):
        return [_filled(item) for item in layout]
    return _RANDOM.random()


def _random(name, args, kwargs):
    layout = _LAYOUTS.get(_key(name, args, kwargs), _FIRST_LAYOUT.get(name, 0.0))
    return _filled(layout)
'''


def skeletons(notebook: Path) -> list[ast.FunctionDef]:
    """The notebook's functions that a student must write: they raise NotImplementedError."""
    found = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # a cell of IPython magics: no skeleton in it
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and raises_not_implemented(node):
                found.append(node)
    return found


def raises_not_implemented(function: ast.FunctionDef) -> bool:
    body = [n for n in function.body
            if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def stub_source(functions: list[ast.FunctionDef], strategy: str,
                layouts: dict[str, Any] | None = None,
                first_layouts: dict[str, Any] | None = None) -> str:
    """A submission in which every function answers with `strategy`."""
    lines = [HELPERS,
             f"_LAYOUTS = {json.dumps(layouts or {})}",
             f"_FIRST_LAYOUT = {json.dumps(first_layouts or {})}", ""]
    for function in functions:
        first = function.args.args[0].arg
        if strategy == "random of the right shape":
            lines += [f"def {function.name}(*args, **kwargs):",
                      f"    return _random({function.name!r}, args, kwargs)", ""]
            continue
        answer = {"zero": "0", "none": "None", "first argument": first,
                  "deep copy": f"copy.deepcopy({first})",
                  "zeros of its shape": f"_zeros({first})"}[strategy]
        lines += [f"def {function.name}({ast.unparse(function.args)}):",
                  f"    return {answer}", ""]
    return "\n".join(lines)


def _placeholder(value: Any) -> Any:
    """Arguments as the stub sees them: a described callable or generator is an object."""
    stack: list[tuple[Any, list | dict | None, Any]] = [(value, None, None)]
    root: list[Any] = [None]
    while stack:
        item, parent, slot = stack.pop()
        if isinstance(item, dict) and ("$callable" in item or "$generator" in item):
            made: Any = "<object>"
        elif isinstance(item, dict):
            made = {}
            stack.extend((v, made, k) for k, v in item.items())
        elif isinstance(item, (list, tuple)):
            made = [None] * len(item)
            stack.extend((v, made, i) for i, v in enumerate(item))
        else:
            made = item
        if parent is None:
            root[0] = made
        else:
            parent[slot] = made
    return root[0]


def call_key(call: Call) -> str:
    """The key the stub computes for this call, from the plain data that crosses."""
    sent = json.loads(json.dumps(call.to_json(0)))
    text = json.dumps([call.function, _placeholder(sent["args"]), _placeholder(sent["kwargs"])],
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def layout(value: Any) -> Any:
    """A value's layout: its lists, with 0 for every number."""
    if isinstance(value, list):
        return [layout(item) for item in value]
    return 0
