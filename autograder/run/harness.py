"""The child's harness: run a submission's code, make the grader's calls, send back plain data.

It imports nothing from the grader on purpose: the child is given this one file and the
submission's code, and no expected value. The plan arrives as JSON on stdin; replies
leave as JSON lines on the file descriptor named by argv[1], never on stdout, which
belongs to the student's prints.

Plan: {"cells": [{"index": 1, "source": "..."}], "files": {"helpers.py": "<base64>"},
"calls": [{"id": 0, "function": "f", "args": [...], "kwargs": {...}, "echo_args": false}]}.
An argument may be a callable the grader describes as data: {"$callable": "constant" |
"counter" | "table", ...}, or a numpy random generator given by its seed:
{"$generator": 7} is numpy.random.default_rng(7).
"""

import base64
import builtins
import json
import linecache
import os
import random
import resource
import sys
import time
import traceback

MAX_ELEMENTS = 1_000_000
MAX_DEPTH = 32
SOURCE_PREFIX = "<code cell "


class Unsupported(Exception):
    """A value that is not plain numbers and lists, described for the student."""


def to_plain(value):
    """Nested lists of floats from what a student's function returned, without recursion."""
    numpy = sys.modules.get("numpy")
    root = [None]
    stack = [(value, root, 0, 0)]
    count = 0
    while stack:
        item, parent, slot, depth = stack.pop()
        kind = type(item)
        if kind is bool or kind is int or kind is float:
            parent[slot] = float(item)
            count += 1
        elif numpy is not None and kind is numpy.ndarray and item.dtype.kind in "biuf":
            count += item.size
            if count > MAX_ELEMENTS:
                raise Unsupported("a value with more than a million numbers")
            parent[slot] = item.astype(float).tolist()
        elif numpy is not None and isinstance(item, numpy.generic) and item.dtype.kind in "biuf":
            parent[slot] = float(item)
            count += 1
        elif kind is list or kind is tuple or (
            numpy is not None and kind is numpy.ndarray and item.dtype.kind == "O"
        ):
            if depth >= MAX_DEPTH:
                raise Unsupported(f"lists nested more than {MAX_DEPTH} deep")
            items = list(item)
            count += len(items)
            if count > MAX_ELEMENTS:
                raise Unsupported("a value with more than a million numbers")
            children = [None] * len(items)
            parent[slot] = children
            stack.extend((child, children, i, depth + 1) for i, child in enumerate(items))
        elif item is None:
            raise Unsupported("None")
        else:
            name = kind.__name__
            raise Unsupported(f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}")
    return root[0]


class GraderCallable:
    """A function argument described by the grader as data; counts how often it is called."""

    def __init__(self, spec):
        self.spec = spec
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        kind = self.spec["$callable"]
        if kind == "constant":
            return self.spec["value"]
        if kind == "counter":
            return self.spec["start"] + self.spec["step"] * (self.calls - 1)
        if kind == "table":
            return self._look_up(args[0])
        raise ValueError(f"unknown callable {kind!r}")

    def _look_up(self, x):
        x = to_plain(x)
        for row, output in zip(self.spec["inputs"], self.spec["outputs"]):
            if len(row) == len(x) and all(abs(a - b) <= 1e-12 for a, b in zip(row, x)):
                return list(output)
        raise ValueError(f"f was called with {x}, which is not one of the data points")


def decode(value):
    if isinstance(value, dict) and "$callable" in value:
        return GraderCallable(value)
    if isinstance(value, dict) and type(value.get("$generator")) is int:
        import numpy  # only an assignment that hands out generators needs it here

        return numpy.random.default_rng(value["$generator"])
    return value


def student_traceback(error):
    """The traceback limited to the student's own code, as the student would read it."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(SOURCE_PREFIX)
    ]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return "".join(lines)[-4000:]


def describe(error):
    return {
        "type": type(error).__name__,
        "message": str(error)[:1000],
        "traceback": student_traceback(error),
    }


def place_files(files, folder):
    """The submission's own modules and data files, beside this file: importable (this
    folder goes first on sys.path, which -I leaves out) and readable from the working
    folder. One that cannot be written is left out: its import fails, and says so."""
    sys.path.insert(0, folder)
    for name, content in files.items():
        if not name or "/" in name or name in (".", "..", "harness.py") or "\0" in name:
            continue  # the grader sends plain names only; nothing else is written
        try:
            fd = os.open(os.path.join(folder, name),
                         os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(base64.b64decode(content))
        except (OSError, ValueError):
            continue


def run_cells(cells, namespace, send):
    for cell in cells:
        filename = f"{SOURCE_PREFIX}{cell['index']}>"
        source = cell["source"]
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            exec(compile(source, filename, "exec"), namespace)
        except BaseException as error:  # a student's cell may raise anything, even SystemExit
            send({"kind": "cell", "index": cell["index"], "error": describe(error)})


def signature_of(name, function):
    import inspect

    try:
        return name + str(inspect.signature(function))
    except (TypeError, ValueError):
        return ""


def make_call(call, namespace):
    function = namespace.get(call["function"])
    if not callable(function):
        return {"error": {"type": "Missing", "message": f"{call['function']} is not defined"}}
    args = [decode(a) for a in call["args"]]
    kwargs = {k: decode(v) for k, v in call["kwargs"].items()}
    started = time.perf_counter()
    try:
        value = function(*args, **kwargs)
    except BaseException as error:  # whatever the student's code raises is reported, not fatal
        described = describe(error)
        if isinstance(error, TypeError) and getattr(error.__traceback__, "tb_next", 0) is None:
            # raised by the call itself, before any line of the function ran: the arguments
            # do not fit the function the student wrote
            described["signature"] = signature_of(call["function"], function)
        return {"error": described, "seconds": time.perf_counter() - started}
    reply = {"seconds": time.perf_counter() - started}
    try:
        reply["value"] = to_plain(value)
    except Unsupported as problem:
        reply["unsupported"] = str(problem)
    if call.get("echo_args"):
        arguments = [a for a in args if not isinstance(a, GraderCallable)]
        try:
            reply["args_after"] = to_plain(arguments)
        except Unsupported as problem:
            reply["args_after_unsupported"] = str(problem)
    reply["callable_calls"] = [
        a.calls for a in [*args, *kwargs.values()] if isinstance(a, GraderCallable)
    ]
    return reply


def limit(limits):
    """Resource limits on this process and its children, before any student code runs."""
    for name, key in (("RLIMIT_CPU", "cpu_seconds"), ("RLIMIT_AS", "memory_bytes"),
                      ("RLIMIT_NPROC", "processes"), ("RLIMIT_FSIZE", "file_bytes")):
        if limits.get(key) is not None:
            # CPU: the soft limit sends SIGXCPU, which names the limit; the hard one kills.
            hard = limits[key] + 1 if key == "cpu_seconds" else limits[key]
            resource.setrlimit(getattr(resource, name), (limits[key], hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def flush():
    """The student's prints so far, out to the grader."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a student may have replaced or closed it
            pass


def main():
    channel = os.fdopen(int(sys.argv[1]), "w", buffering=1)

    def send(message):
        channel.write(json.dumps(message) + "\n")

    try:  # while the grader prepares the plan: most submissions use numpy
        import numpy  # noqa: F401
    except Exception:  # noqa: BLE001 - a Python without a working numpy grades without it
        pass
    plan = json.loads(sys.stdin.read())
    limit(plan.get("limits", {}))
    sys.stdin = open(os.devnull)  # noqa: SIM115 - a student's input() reads nothing
    place_files(plan.get("files", {}), os.path.dirname(os.path.abspath(__file__)))
    random.seed(0)
    namespace = {"__name__": "submission", "__builtins__": builtins}
    run_cells(plan["cells"], namespace, send)
    send({"kind": "ready"})
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    for call in plan["calls"]:
        reply = make_call(call, namespace)
        reply.update(kind="reply", id=call["id"])
        flush()  # what the call printed goes before its reply: the grader may stop here
        send(reply)
    flush()
    send({"kind": "done"})
    channel.flush()
    os._exit(0)  # threads a student left running must not keep the child alive


if __name__ == "__main__":
    main()
