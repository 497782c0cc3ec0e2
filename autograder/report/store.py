"""A report kept on disk: Gradescope's results.json, with the whole report beside it.

`batch` writes one per student. Gradescope and anything reading results.json see the
fields they expect; the key "report" keeps what rebuilding the gradebook, the summary and
the feedback pages needs. Numbers a submission produced may be NaN or infinite, which
strict JSON cannot hold: they are stored as null.

What a submission produced is stored bounded, so that one student's report stays small
whatever they return or raise: at most MAX_LOSSES losses per training run (a run of a
million losses took 37 MB), at most MAX_TEXT characters per message and MAX_PROBLEMS
problems, and each stream at most MAX_STREAM characters. Each cut says so where it was made.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, replace
from typing import Any

from autograder.report import gradescope
from autograder.report.model import CheckResult, QuestionResult, Report, Training


def finite(value: Any) -> Any:
    """The value with every NaN or infinity replaced by None, walking lists and dicts."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    return value


MAX_LOSSES = 2_000  # per training run: every epoch of the course's runs (at most 500)
MAX_TEXT = 10_000  # per message or problem (an honest child sends at most about 5,000)
MAX_PROBLEMS = 100
MAX_STREAM = 2**20  # characters of stdout, and of stderr (the child keeps 1 MiB of each)


def thinned(losses: list[float], most: int = MAX_LOSSES) -> list[float]:
    """At most `most` of the losses, evenly spaced over the epochs, the first and last kept."""
    if len(losses) <= most:
        return list(losses)
    last = len(losses) - 1
    return [losses[i * last // (most - 1)] for i in range(most)]


def cut(text: str, most: int = MAX_TEXT) -> str:
    """The text, or its first `most` characters and how many more there were."""
    if len(text) <= most:
        return text
    return f"{text[:most]}\n... ({len(text) - most:,} more characters not kept)"


def bounded(report: Report) -> Report:
    """The report as it is stored: every part a submission filled, cut to its bound."""
    problems = [cut(problem) for problem in report.problems[:MAX_PROBLEMS]]
    if len(report.problems) > MAX_PROBLEMS:
        problems.append(f"... and {len(report.problems) - MAX_PROBLEMS:,} more problems, "
                        "not kept")
    questions = [replace(q, checks=[replace(c, message=cut(c.message), hint=cut(c.hint))
                                    for c in q.checks])
                 for q in report.questions]
    training = [replace(run, losses=thinned(run.losses), losses_returned=len(run.losses))
                if len(run.losses) > MAX_LOSSES else run for run in report.training]
    return replace(report, problems=problems, questions=questions, training=training,
                   stdout=cut(report.stdout, MAX_STREAM), stderr=cut(report.stderr, MAX_STREAM))


def as_dict(report: Report) -> dict[str, Any]:
    report = bounded(report)
    return {**gradescope.as_dict(report), "report": finite(asdict(report))}


def dumps(report: Report) -> str:
    return json.dumps(as_dict(report), allow_nan=False) + "\n"


def _float(value: Any) -> float:
    return math.nan if value is None else float(value)


def from_dict(data: dict[str, Any]) -> Report:
    """The report that `as_dict` stored; KeyError or TypeError if it is not one."""
    stored = dict(data["report"])
    stored["questions"] = [
        QuestionResult(q["name"], [CheckResult(**c) for c in q["checks"]], q.get("note", ""))
        for q in stored["questions"]
    ]
    stored["training"] = [
        Training(t["task"], tuple(t["sizes"]), t["seed"], [_float(x) for x in t["losses"]],
                 t["network"], _float(t["accuracy"]), t.get("function", "sgd_nn"),
                 t.get("loss", "1/2 sum of squares"), t.get("losses_returned"))
        for t in stored.get("training", [])
    ]
    return Report(**stored)


def loads(text: str) -> Report:
    """Read a stored report; ValueError if the text is not one (a file cut short, say)."""
    try:
        return from_dict(json.loads(text))
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a stored report ({error})") from None
