"""What the perceptron's functions return, read and compared as the course writes it.

`perceptron_update` returns (w, b); `train_perceptron` returns (w, b, history, converged)
with history[e] = (w, b, number of mistakes) after epoch e. A run is compared epoch by
epoch, each epoch's weights bias first as a unit's row; when two runs have different
numbers of epochs, that is said first, with the mistakes of each epoch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.compare import NUMBER, Form, FormError, Pair, Part, Vector


@dataclass(frozen=True)
class Weights(Form):
    """A weight vector w = [w_1, ..., w_n], without the bias."""

    def split(self, value: Any, label: str = "w") -> list[Part]:
        return Vector().split(value, label)

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        return f"w_{index[0] + 1}"


WEIGHTS = Weights()
UPDATE = Pair(WEIGHTS, NUMBER, "w", "b")  # what perceptron_update returns


@dataclass(frozen=True)
class Run:
    """What train_perceptron returned, read as arrays."""

    w: np.ndarray
    b: float
    history: list[tuple[np.ndarray, float, float]]  # (w, b, mistakes) after each epoch
    converged: float

    @property
    def mistakes(self) -> list[float]:
        return [m for _, _, m in self.history]


def read_run(value: Any, label: str = "the result") -> Run:
    """A training run from plain data; FormError says what is not laid out as asked."""
    if not isinstance(value, list) or len(value) != 4:
        raise FormError(f"{label} should be four values (w, b, history, converged)")
    w, b, history, converged = value
    if not isinstance(history, list):
        raise FormError("the history should be a list with one (w, b, mistakes) per epoch")
    entries = []
    for e, entry in enumerate(history):
        if not isinstance(entry, list) or len(entry) != 3:
            raise FormError(f"history[{e}] should be (w, b, number of mistakes) of epoch {e + 1}")
        entries.append((Vector().split(entry[0], f"history[{e}]'s w")[0].array,
                        float(NUMBER.split(entry[1], f"history[{e}]'s b")[0].array),
                        float(NUMBER.split(entry[2], f"history[{e}]'s mistakes")[0].array)))
    run = Run(Vector().split(w, "w")[0].array, float(NUMBER.split(b, "b")[0].array),
              entries, float(NUMBER.split(converged, "converged")[0].array))
    numbers = [run.w, run.b, run.converged, *(v for e in entries for v in e)]
    if not all(np.all(np.isfinite(v)) for v in numbers):
        raise FormError(f"{label} holds NaN or infinity: expected plain numbers")
    return run


@dataclass(frozen=True)
class RunForm(Form):
    """train_perceptron's result: each epoch's [b, w_1, ..., w_n] and mistakes, then the
    returned w, b and converged; differences are looked for from the first epoch on."""

    def split(self, value: Any, label: str = "the result") -> list[Part]:
        run = read_run(value, label)
        parts = []
        for e, (w, b, mistakes) in enumerate(run.history):
            parts.append(Part(f"history[{e}]", np.concatenate(([b], w))))
            parts.append(Part(f"mistakes[{e}]", np.array(mistakes)))
        return parts + [Part("w", run.w), Part("b", np.array(run.b)),
                        Part("converged", np.array(run.converged))]

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        if part.label.startswith(("history[", "mistakes[")):
            epoch = int(part.label.split("[")[1].rstrip("]")) + 1
            if part.label.startswith("mistakes"):
                return f"the number of mistakes in epoch {epoch}"
            return f"{'the bias b' if index[0] == 0 else f'w_{index[0]}'} after epoch {epoch}"
        if part.label == "w":
            return f"w_{index[0] + 1} of the returned weights"
        if part.label == "b":
            return "the returned bias b"
        return "converged (1 for True, 0 for False)"


RUN = RunForm()


def _counts(mistakes: list[float], shown: int = 12) -> str:
    listed = ", ".join(f"{m:g}" for m in mistakes[:shown])
    return f"[{listed}{', ...' if len(mistakes) > shown else ''}]"


def epochs_differ(actual: Any, expected: Any, reveal: bool) -> str:
    """Why two runs cannot be compared epoch by epoch: their histories' lengths differ.
    Empty when they have as many epochs (or when the form is wrong: compare says so)."""
    try:
        got, wanted = read_run(actual), read_run(expected)
    except FormError:
        return ""
    n, m = len(got.history), len(wanted.history)
    if n == m:
        return ""
    if reveal:
        return (f"the history has {n} epochs, expected {m}; mistakes per epoch: "
                f"{_counts(got.mistakes)}, expected {_counts(wanted.mistakes)}")
    return (f"your history has {n} epochs, {'fewer' if n < m else 'more'} than the "
            f"reference's; your mistakes per epoch: {_counts(got.mistakes)}")
