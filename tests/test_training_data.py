"""The Pima loader: the rows, the missing values and the split the training assignment uses."""

import math

from autograder.datasets import PIMA_FEATURES, load_pima, pima_split


def test_pima_has_its_632_women_and_their_missing_values_as_nan():
    features, labels = load_pima()
    assert len(features) == len(labels) == 632
    assert sum(labels) == 215
    missing = {name: sum(math.isnan(row[c]) for row in features)
               for c, name in enumerate(PIMA_FEATURES)}
    assert missing == {"pregnancies": 0, "glucose": 0, "blood_pressure": 13,
                       "skin_thickness": 98, "bmi": 3, "pedigree": 0, "age": 0}


def test_the_split_parts_every_woman_once_and_is_the_same_every_time():
    split = pima_split()
    parts = (split.x_train, split.x_val, split.x_test)
    assert [len(p) for p in parts] == [380, 126, 126]
    assert [len(y) for y in (split.y_train, split.y_val, split.y_test)] == [380, 126, 126]
    rows = [tuple(map(repr, row)) for part in parts for row in part]
    everyone = [tuple(map(repr, row)) for row in load_pima()[0]]
    assert sorted(rows) == sorted(everyone)
    assert repr(pima_split()) == repr(split)  # NaN equals nothing, its repr itself
    assert pima_split(seed=1).x_test != split.x_test
