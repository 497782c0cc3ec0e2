"""Forms for values made of named numpy arrays: a network's parameters, an optimizer's state.

The training assignment returns tuples such as (W1, b1, W2, b2) or (w, m, v); a
difference is explained by the array's name and its row and column, the way the
lecture writes them: `dW2[3][1]`, `m[0]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder import compare
from autograder.compare import Form, FormError, Part

WANTED = ("a number", "a vector (a list of numbers)", "a matrix (a list of rows of numbers)")


def as_array(value: Any, label: str, ndim: int) -> np.ndarray:
    """compare.as_array, in the words of arrays: a vector, a matrix."""
    return compare.as_array(value, label, ndim, WANTED)


def indexed(part: Part, index: tuple[int, ...]) -> str:
    """`dW2[3][1]`: the array's name and the element's indices."""
    return part.label + "".join(f"[{i}]" for i in index)


@dataclass(frozen=True)
class Arrays(Form):
    """A tuple of arrays with fixed names and dimensions, returned in that order."""

    names: tuple[str, ...]
    ndims: tuple[int, ...]
    shared_scale: bool = False

    def split(self, value: Any, label: str = "the result") -> list[Part]:
        if not isinstance(value, list) or len(value) != len(self.names):
            raise FormError(f"{label} should be a tuple of {len(self.names)} arrays "
                            f"({', '.join(self.names)})")
        return [Part(name, as_array(v, name, ndim))
                for name, ndim, v in zip(self.names, self.ndims, value)]

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        return indexed(part, index)


@dataclass(frozen=True)
class Array(Form):
    """One array of a fixed dimension: an activation over a matrix, a softmax's rows."""

    name: str
    ndim: int

    def split(self, value: Any, label: str = "the result") -> list[Part]:
        return [Part(self.name, as_array(value, self.name, self.ndim))]

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        return indexed(part, index)


@dataclass(frozen=True)
class Then(Form):
    """Arrays followed by a list of per-epoch numbers: what training returns."""

    first: Arrays
    rest: tuple[str, ...]  # names of the vectors that follow, e.g. ("losses",)
    shared_scale: bool = False

    def split(self, value: Any, label: str = "the result") -> list[Part]:
        wanted = len(self.rest) + 1
        if not isinstance(value, list) or len(value) != wanted:
            raise FormError(f"{label} should be a tuple of {wanted} values (the parameters, "
                            f"{', '.join(self.rest)})")
        return (self.first.split(value[0], "the parameters")
                + [Part(name, as_array(v, name, 1)) for name, v in zip(self.rest, value[1:])])

    def place(self, part: Part, index: tuple[int, ...]) -> str:
        if part.label in self.rest:
            return f"{part.label}[{index[0]}] (epoch {index[0] + 1})"
        return self.first.place(part, index)


PARAMS = Arrays(("W1", "b1", "W2", "b2"), (2, 2, 2, 2))
GRADIENTS = Arrays(("dW1", "db1", "dW2", "db2"), (2, 2, 2, 2), shared_scale=True)
CACHE = Arrays(("x", "s1", "x1", "s2", "h"), (2, 2, 2, 2, 2))
# Trained parameters carry the rounding of every step that moved them: a bias that ends
# near 0 is only as accurate as the weights beside it.
TRAINED = Then(PARAMS, ("losses",), shared_scale=True)
FITTED = Then(PARAMS, ("train_losses", "val_losses"), shared_scale=True)
