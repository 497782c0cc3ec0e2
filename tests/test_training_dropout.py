"""Dropout's mask statistics: how rarely a correct mask fails them, and what they catch.

The bound is computed, not sampled: for every p the check draws, the probability that a
mask drawn unit by unit and call by call fails one of the three statistics, from exact
binomial tails (the count; the neighbours, split into four sets of disjoint pairs, each
a binomial) and a Chernoff bound (the spread of the units' counts, a sum of independent
terms whose distribution is known exactly). bench/dropout.py samples it as well.
"""

import numpy as np
import pytest

from autograder.checks.dropout import (
    CALLS,
    LARGE,
    NEIGHBOURS,
    P_RANGE,
    RATES,
    SIGMAS,
    DropoutBehaves,
    mixed_neighbours,
    spread,
)


def log_pmf(n: int, pi: float) -> np.ndarray:
    """log P(X = k), k = 0..n, for X ~ Binomial(n, pi)."""
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, n + 1)))])
    k = np.arange(n + 1)
    return (log_factorial[n] - log_factorial - log_factorial[::-1] + k * np.log(pi)
            + (n - k) * np.log1p(-pi))


def outside(n: int, pi: float, low: float, high: float) -> float:
    """P(X < low) + P(X > high), X ~ Binomial(n, pi)."""
    k = np.arange(n + 1)
    logs = log_pmf(n, pi)[(k < low) | (k > high)]
    return float(np.exp(logs).sum())


def chernoff(values: np.ndarray, probabilities: np.ndarray, n: int, low: float,
             high: float) -> float:
    """A bound on P(S < low) + P(S > high), S the sum of n independent draws of a
    variable taking `values` with `probabilities`: min over t of E[exp(t (S - edge))]."""
    bound = 0.0
    for edge, ts in ((high, np.linspace(1e-4, 2.0, 4000)), (low, np.linspace(-20.0, -1e-4, 4000))):
        log_mgf = np.log(np.exp(np.outer(ts, values)) @ probabilities)
        bound += float(np.exp(np.min(n * log_mgf - ts * edge)))
    return bound


def false_failure(p: float) -> dict[str, float]:
    q = 1 - p
    rows, columns = LARGE
    units = rows * columns
    total = CALLS * units
    sd = np.sqrt(total * p * q)
    count = outside(total, q, total * q - SIGMAS * sd, total * q + SIGMAS * sd)
    mixed = 2 * p * q
    # Pairs (i, j)-(i, j+1) with j even, with j odd; (i, j)-(i+1, j) with i even, with i odd:
    # within each set no unit is in two pairs, so its count of mixed pairs is a binomial.
    sets = [CALLS * rows * (columns // 2), CALLS * rows * ((columns - 1) // 2),
            CALLS * columns * (rows // 2), CALLS * columns * ((rows - 1) // 2)]
    assert sum(sets) == mixed_neighbours(np.zeros((CALLS, *LARGE), dtype=bool))[1]
    neighbours = sum(outside(n, mixed, (1 - NEIGHBOURS) * n * mixed, (1 + NEIGHBOURS) * n * mixed)
                     for n in sets)
    kept = np.arange(CALLS + 1)
    terms = (kept - CALLS * q) ** 2 / (CALLS * q * p)
    rates = chernoff(terms, np.exp(log_pmf(CALLS, q)), units, units * (1 - RATES),
                     units * (1 + RATES))
    return {"count": count, "neighbours": neighbours, "rates": rates}


def test_a_correct_mask_fails_with_a_probability_under_3e_9_for_every_p_drawn():
    worst = max(sum(false_failure(p).values()) for p in np.linspace(*P_RANGE, 401))
    assert worst < 3e-9


def test_the_bound_of_the_neighbours_and_the_spread_is_far_below_the_counts():
    """The count's 6 sigmas decide the rate; the two statistics added add next to nothing."""
    parts = [false_failure(p) for p in np.linspace(*P_RANGE, 41)]
    assert max(part["neighbours"] + part["rates"] for part in parts) < 1e-14


def bernoulli_masks(rng: np.random.Generator, p: float) -> np.ndarray:
    return rng.random((CALLS, *LARGE)) < 1 - p


def test_the_statistics_average_what_they_should_over_correct_masks():
    """Mixed neighbours average 2p(1 - p) of the pairs and the spread averages 1: a
    statistic computed wrong would sit elsewhere."""
    rng = np.random.default_rng(5)
    p = 0.3
    runs = [bernoulli_masks(rng, p) for _ in range(200)]
    shares = [mixed / (pairs * 2 * p * (1 - p)) for mixed, pairs in map(mixed_neighbours, runs)]
    assert abs(np.mean(shares) - 1) < 0.01
    assert abs(np.mean([spread(masks, p) for masks in runs]) - 1) < 0.02
    assert all(DropoutBehaves.bernoulli(masks, p).passed for masks in runs)


@pytest.mark.parametrize(("mask", "statistic"), [
    ("checkerboard", "pairs of neighbouring units"),
    ("rows", "pairs of neighbouring units"),
    ("one mask for every call", "how often each unit was kept varies"),
])
def test_masks_with_the_right_share_kept_but_not_drawn_unit_by_unit_fail(mask, statistic):
    rng = np.random.default_rng(1)
    p = 0.5
    if mask == "checkerboard":
        masks = np.indices((CALLS, *LARGE)).sum(axis=0) % 2 == 0
    elif mask == "rows":
        masks = np.repeat(rng.random((CALLS, LARGE[0], 1)) < 1 - p, LARGE[1], axis=2)
    else:
        masks = np.repeat(rng.random((1, *LARGE)) < 1 - p, CALLS, axis=0)
    verdict = DropoutBehaves.bernoulli(masks, p)
    assert not verdict.passed
    assert statistic in verdict.message
