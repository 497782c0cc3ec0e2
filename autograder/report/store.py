"""A report kept on disk: Gradescope's results.json, with the whole report beside it.

`batch` writes one per student. Gradescope and anything reading results.json see the
fields they expect; the key "report" keeps what rebuilding the gradebook, the summary and
the feedback pages needs. Numbers a submission produced may be NaN or infinite, which
strict JSON cannot hold: they are stored as null.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
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


def as_dict(report: Report) -> dict[str, Any]:
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
                 t.get("loss", "1/2 sum of squares"))
        for t in stored.get("training", [])
    ]
    return Report(**stored)


def loads(text: str) -> Report:
    """Read a stored report; ValueError if the text is not one (a file cut short, say)."""
    try:
        return from_dict(json.loads(text))
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a stored report ({error})") from None
