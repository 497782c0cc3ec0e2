"""The course's data sets, in the course's format: plain lists of floats, one-hot targets.

XOR is four rows, so it is written here rather than shipped. Iris and Pima come from
the CSV files beside this module; README.md gives their provenance.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

BOOLEAN_INPUTS: list[list[float]] = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
IRIS_SPECIES: tuple[str, ...] = ("setosa", "versicolor", "virginica")


def xor() -> tuple[list[list[float]], list[list[float]]]:
    """The four XOR rows: inputs and one-output targets."""
    return [list(x) for x in BOOLEAN_INPUTS], [[0.0], [1.0], [1.0], [0.0]]


def xnor() -> tuple[list[list[float]], list[list[float]]]:
    """XOR's complement: the same inputs, the opposite targets."""
    inputs, targets = xor()
    return inputs, [[1.0 - t[0]] for t in targets]


def _read_csv(name: str) -> list[dict[str, str]]:
    with files(__name__).joinpath(name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def load_iris() -> tuple[list[list[float]], list[str]]:
    """Fisher's 150 flowers: four measurements in cm, and the species of each."""
    rows = _read_csv("iris.csv")
    columns = ("sepal_length", "sepal_width", "petal_length", "petal_width")
    return [[float(row[c]) for c in columns] for row in rows], [row["species"] for row in rows]


def one_hot(label: str, labels: tuple[str, ...] = IRIS_SPECIES) -> list[float]:
    return [1.0 if label == other else 0.0 for other in labels]


@dataclass(frozen=True)
class Split:
    """A train/test split, inputs rescaled to [0, 1] with the training part's range."""

    x_train: list[list[float]]
    y_train: list[list[float]]
    x_test: list[list[float]]
    y_test: list[list[float]]


def iris_split(test_per_species: int = 10, seed: int = 0,
               columns: Sequence[int] | None = None,
               classes: Sequence[int] | None = None) -> Split:
    """The course's stratified Iris split: the same flowers for every student and the grader.

    Each species gives `test_per_species` flowers to the test part, chosen by
    `random.Random(seed)`; the rest train. Inputs are min-max rescaled with the
    training part's minimum and maximum, so the test part never informs the scaling.
    `columns` lays the four measurements out in another order (column c of the result is
    measurement columns[c]) and `classes` the species of the one-hot targets; both
    default to the CSV's order.
    """
    features, species = load_iris()
    order = list(columns) if columns is not None else [0, 1, 2, 3]
    labels = tuple(IRIS_SPECIES[k] for k in classes) if classes is not None else IRIS_SPECIES
    features = [[row[c] for c in order] for row in features]
    rng = random.Random(seed)
    test_rows: set[int] = set()
    for name in IRIS_SPECIES:
        rows = [i for i, s in enumerate(species) if s == name]
        test_rows.update(rng.sample(rows, test_per_species))
    train = [i for i in range(len(features)) if i not in test_rows]
    test = sorted(test_rows)
    low = [min(features[i][c] for i in train) for c in range(4)]
    high = [max(features[i][c] for i in train) for c in range(4)]

    def rescale(i: int) -> list[float]:
        return [(v - lo) / (hi - lo) for v, lo, hi in zip(features[i], low, high)]

    return Split(
        x_train=[rescale(i) for i in train],
        y_train=[one_hot(species[i], labels) for i in train],
        x_test=[rescale(i) for i in test],
        y_test=[one_hot(species[i], labels) for i in test],
    )


PIMA_FEATURES: tuple[str, ...] = ("pregnancies", "glucose", "blood_pressure", "skin_thickness",
                                  "bmi", "pedigree", "age")


def load_pima() -> tuple[list[list[float]], list[float]]:
    """The 632 Pima women: seven measurements each (NaN where missing) and diabetes (0/1)."""
    rows = _read_csv("pima.csv")
    features = [[float(row[c]) if row[c] else float("nan") for c in PIMA_FEATURES]
                for row in rows]
    return features, [float(row["diabetes"]) for row in rows]


@dataclass(frozen=True)
class PimaSplit:
    """Train, validation and test parts of Pima, raw: missing values NaN, nothing rescaled,
    so that imputation and scaling are left to whoever learns from the training part."""

    x_train: list[list[float]]
    y_train: list[list[float]]
    x_val: list[list[float]]
    y_val: list[list[float]]
    x_test: list[list[float]]
    y_test: list[list[float]]


def pima_split(seed: int = 0, validation: float = 0.2, test: float = 0.2) -> PimaSplit:
    """The course's Pima split: rows shuffled by `random.Random(seed)`, then the first 60%
    train, the next 20% validate (early stopping) and the last 20% test. Targets are
    one-column rows ([0.0] or [1.0]), as a network with one sigmoid output gives."""
    features, labels = load_pima()
    order = list(range(len(features)))
    random.Random(seed).shuffle(order)
    n_test, n_val = round(test * len(order)), round(validation * len(order))
    n_train = len(order) - n_val - n_test
    parts = (order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:])
    x = [[features[i] for i in part] for part in parts]
    y = [[[labels[i]] for i in part] for part in parts]
    return PimaSplit(x[0], y[0], x[1], y[1], x[2], y[2])


def stratified_pima_split(seed: int, columns: Sequence[int] | None = None,
                          validation: float = 0.2, test: float = 0.2) -> PimaSplit:
    """A Pima split drawn by `random.Random(seed)` that keeps the share of diabetic women in
    every part: each class gives its own `validation` and `test` fractions, and each part's
    rows are then shuffled together. `columns` lays the seven measurements out in another
    order (column c of the result is PIMA_FEATURES[columns[c]]). Raw, as pima_split's."""
    features, labels = load_pima()
    order = list(columns) if columns is not None else list(range(len(PIMA_FEATURES)))
    rng = random.Random(seed)
    parts: tuple[list[int], list[int], list[int]] = ([], [], [])
    for label in sorted(set(labels)):
        rows = [i for i, value in enumerate(labels) if value == label]
        rng.shuffle(rows)
        n_test, n_val = round(test * len(rows)), round(validation * len(rows))
        n_train = len(rows) - n_val - n_test
        parts[0].extend(rows[:n_train])
        parts[1].extend(rows[n_train:n_train + n_val])
        parts[2].extend(rows[n_train + n_val:])
    for part in parts:
        rng.shuffle(part)
    x = [[[features[i][c] for c in order] for i in part] for part in parts]
    y = [[[labels[i]] for i in part] for part in parts]
    return PimaSplit(x[0], y[0], x[1], y[1], x[2], y[2])
