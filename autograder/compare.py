"""The one tolerant comparison, and its explanation in words a student can act on.

A value is split into parts (the layers of a network, the vectors of a list of
activations) according to its form; each part is coerced to a float64 array. Numbers
agree when rel_error = |x - y| / max(1e-8, |x| + |y|, s) is at most the tolerance,
element by element, where s is a tenth of the largest |x| + |y| of the part (of the
whole value, for forms whose parts share a scale): a number far smaller than its
neighbours is judged against their size, because single-precision
arithmetic, which a correct solution may use, leaves it only that accurate (the delta of
a saturated node, 1 - a for a near 1; a weight that an update brings near 0). NaN and
infinity agree with nothing but the same value. The message names the first place that
differs and the largest relative error, which is the quantity tested. A submission whose
numbers are float32's is compared at single precision's tolerance (`in_single_precision`).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

RTOL = 1e-6
FLOOR = 1e-8
SCALE = 0.1  # of a part's largest |x| + |y|: the least size an element is measured against
# A submission that computes in single precision (numpy float32, PyTorch's default) carries
# its rounding: its values are compared at 2**-13 relative (a thousand roundings of a
# float32), and a value smaller than 2**-10 against 2**-10, which allows float32's spacing
# at 1 (the size of a unit's output) as an absolute error.
EPS32 = float(np.finfo(np.float32).eps)
SINGLE_RTOL = 2.0**-13
SINGLE_FLOOR = EPS32 / SINGLE_RTOL
FLOAT32_MAX = float(np.finfo(np.float32).max)


class FormError(Exception):
    """A value that is not laid out as the course's format asks; the message says how."""


@dataclass(frozen=True)
class Part:
    label: str
    array: np.ndarray


NESTED_LISTS = ("a number", "a list of numbers", "a list of rows of numbers")


def as_array(value: Any, label: str, ndim: int,
             wanted: tuple[str, ...] = NESTED_LISTS) -> np.ndarray:
    """A float64 array of `ndim` dimensions, or FormError saying what the value is instead
    (`wanted[ndim]` names what it should be)."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (ValueError, TypeError):
        raise FormError(f"{label} is not a rectangular array of numbers (ragged lists?)") from None
    if array.ndim != ndim:
        raise FormError(f"{label} should be {wanted[ndim]}, got an array of shape {array.shape}")
    return array


class Form(ABC):
    """How a value of the course is laid out: its parts, and words for a place in them."""

    # Parts computed from the same terms (a layer's dW and db, a step's w and its state)
    # share one scale: the tenth of the whole value's largest |x| + |y|. A single-precision
    # sum that cancels (a bias gradient summed over a batch, a velocity near 0) is only that
    # accurate, however small it ends up.
    shared_scale: bool = False

    @abstractmethod
    def split(self, value: Any, label: str = "the result") -> list[Part]: ...

    @abstractmethod
    def place(self, part: Part, index: tuple[int, ...]) -> str: ...

    def cause_first(self, n_parts: int) -> list[int]:
        """The parts in the order a difference should be looked for: where errors start."""
        return list(range(n_parts))


class Number(Form):
    def split(self, value: Any, label: str = "the result") -> list[Part]:
        return [Part(label, as_array(value, label, 0))]

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        return part.label


@dataclass(frozen=True)
class Vector(Form):
    name: str = "output"

    def split(self, value: Any, label: str = "the result") -> list[Part]:
        return [Part(label, as_array(value, label, 1))]

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        return f"{self.name} {index[0] + 1}"


@dataclass(frozen=True)
class Vectors(Form):
    """A list of vectors of different lengths: activations, deltas."""

    name: str
    backward: bool = False  # computed from the last vector to the first, as deltas are

    def split(self, value: Any, label: str = "the result") -> list[Part]:
        if not isinstance(value, list):
            raise FormError(f"{label} should be a list of vectors ({self.name}), got a number")
        return [Part(f"{self.name}[{i}]", as_array(v, f"{self.name}[{i}]", 1))
                for i, v in enumerate(value)]

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        return f"{part.label}[{index[0]}]"

    def cause_first(self, n_parts: int) -> list[int]:
        return list(range(n_parts))[::-1] if self.backward else list(range(n_parts))


@dataclass(frozen=True)
class NetworkForm(Form):
    """The course's network: a list of layers, each a row [bias, w_1, ..., w_n] per node."""

    name: str = "network"

    def split(self, value: Any, label: str = "the result") -> list[Part]:
        if not isinstance(value, list):
            raise FormError(f"{label} should be a network (a list of layers), got a number")
        return [Part(f"{self.name}[{i}]", as_array(layer, f"{self.name}[{i}]", 2))
                for i, layer in enumerate(value)]

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        node, column = index
        weight = "the bias" if column == 0 else f"weight w_{column}"
        return f"{part.label}[{node}][{column}] ({weight} of node {node + 1})"


@dataclass(frozen=True)
class Pair(Form):
    """Two values returned together, as sgd_nn returns (network, losses)."""

    first: Form
    second: Form
    first_label: str
    second_label: str

    def split(self, value: Any, label: str = "the result") -> list[Part]:
        if not isinstance(value, list) or len(value) != 2:
            raise FormError(f"{label} should be a pair ({self.first_label}, {self.second_label})")
        return (self.first.split(value[0], self.first_label)
                + self.second.split(value[1], self.second_label))

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        form = self.second if part.label == self.second_label else self.first
        return form.place(part, index)


NUMBER = Number()
NETWORK = NetworkForm()
ACTIVATIONS = Vectors("activations")
DELTAS = Vectors("deltas", backward=True)
TRAINED = Pair(NETWORK, Vector("loss of epoch"), "network", "losses")


@dataclass(frozen=True)
class Comparison:
    passed: bool
    message: str = ""
    rel_error: float = 0.0


def largest_size(actual: np.ndarray, expected: np.ndarray) -> float:
    """The largest finite |x| + |y| of two arrays; 0 when none is finite."""
    with np.errstate(invalid="ignore", over="ignore"):
        size = np.abs(actual) + np.abs(expected)
    finite = size[np.isfinite(size)]
    return float(finite.max()) if finite.size else 0.0


def rel_error(actual: np.ndarray, expected: np.ndarray, floor: float = FLOOR,
              scale: float = 0.0) -> np.ndarray:
    """Elementwise relative error; infinite where only one side is NaN or infinite. With a
    scale, no element is measured against less than `scale` times the largest of the part."""
    if scale:
        floor = max(floor, scale * largest_size(actual, expected))
    with np.errstate(invalid="ignore", over="ignore"):
        size = np.abs(actual) + np.abs(expected)
        error = np.abs(actual - expected) / np.maximum(floor, size)
    same = (actual == expected) | (np.isnan(actual) & np.isnan(expected))
    return np.where(same, 0.0, np.where(np.isfinite(error), error, np.inf))


def _count_mismatch(got: list[Part], wanted: list[Part]) -> str:
    """Which list has too many or too few entries: `network has 3 layers, expected 2`."""
    for name in dict.fromkeys(p.label.split("[")[0] for p in wanted):
        n_got = sum(p.label.split("[")[0] == name for p in got)
        n_wanted = sum(p.label.split("[")[0] == name for p in wanted)
        if n_got != n_wanted:
            unit = "layers" if name == "network" else "vectors"
            return f"{name} has {n_got} {unit}, expected {n_wanted}"
    return f"the result has {len(got)} parts, expected {len(wanted)}"


def _number(x: float) -> str:
    return f"{x:.9g}"


def in_single_precision(values: Iterable[Any], enough: int = 20) -> bool:
    """Whether a submission's numbers are float32's: among those that any precision would
    give exactly (integers, halves...) none tells; of the others, at least `enough` and
    nearly all are float32 values. A float64 computation almost never gives one."""
    told = single = 0
    for x in values:
        if not math.isfinite(x) or (x * 256).is_integer() and abs(x) < 2**24:
            continue
        told += 1
        single += abs(x) <= FLOAT32_MAX and float(np.float32(x)) == x
    return told >= enough and single >= 0.95 * told


def numbers(value: Any, limit: int = 100_000) -> Iterator[float]:
    """The numbers of a plain value (nested lists and dicts), at most `limit` of them."""
    stack, seen = [value], 0
    while stack and seen < limit:
        item = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, (int, float)):
            seen += 1
            yield float(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def compare(actual: Any, expected: Any, form: Form, rtol: float = RTOL,
            reveal: bool = True, floor: float = FLOOR, single: bool = False) -> Comparison:
    """Compare a student's value with the expected one; explain the first difference.

    With reveal=False (hidden cases) the message names the place and the size of the
    difference but never the expected number. A larger `floor` suits expected values
    that carry an absolute error of their own, such as finite differences. `single`: the
    submission computes in single precision, and is held to what that can give.
    """
    if single:
        rtol, floor = max(rtol, SINGLE_RTOL), max(floor, SINGLE_FLOOR)
    wanted = form.split(expected)
    try:
        got = form.split(actual)
    except FormError as error:
        return Comparison(False, str(error), np.inf)
    if len(got) != len(wanted):
        return Comparison(False, _count_mismatch(got, wanted), np.inf)
    for g, w in zip(got, wanted):
        if g.array.shape != w.array.shape:
            return Comparison(False, f"{g.label} has shape {g.array.shape}, "
                                     f"expected {w.array.shape}", np.inf)
    scale = SCALE
    if form.shared_scale:  # one scale for the whole value, in place of each part's own
        floor = max(floor, SCALE * max((largest_size(g.array, w.array)
                                        for g, w in zip(got, wanted)), default=0.0))
        scale = 0.0
    errors = [rel_error(g.array, w.array, floor, scale) for g, w in zip(got, wanted)]
    worst = max((float(e.max()) for e in errors if e.size), default=0.0)
    if worst <= rtol:
        return Comparison(True, "", worst)
    total = sum(e.size for e in errors)
    differing = sum(int(np.count_nonzero(e > rtol)) for e in errors)
    first = next(i for i in form.cause_first(len(errors)) if np.any(errors[i] > rtol))
    index = tuple(int(i) for i in np.argwhere(errors[first] > rtol)[0])
    where = form.place(got[first], index)
    value = _number(got[first].array[index])
    if not reveal:  # neither the expected value nor the size of the error, which gives it away
        return Comparison(False, f"{differing} of {total} numbers differ from the reference's "
                                 f"(relative error above {rtol:g}); first at {where}, where "
                                 f"you return {value}", worst)
    message = (f"{differing} of {total} numbers differ; first at {where}: expected "
               f"{_number(wanted[first].array[index])}, got {value} "
               f"(largest relative error {worst:.2g}, tolerance {rtol:g})")
    return Comparison(False, message, worst)
