"""The kinds of check, each declared as data in a suite and judged on what the child replied."""

from autograder.checks.base import Check, Evidence, ReferenceFailed, Trial, Verdict
from autograder.checks.properties import (
    CallsOncePerValue,
    FollowsSeed,
    GradientMatchesLoss,
    NotMutated,
)
from autograder.checks.training import ClaimHolds, ClaimReaches, Converges, Task
from autograder.checks.values import Case, Example, Hidden

__all__ = [
    "CallsOncePerValue",
    "Case",
    "Check",
    "ClaimHolds",
    "ClaimReaches",
    "Converges",
    "Evidence",
    "Example",
    "FollowsSeed",
    "GradientMatchesLoss",
    "Hidden",
    "NotMutated",
    "ReferenceFailed",
    "Task",
    "Trial",
    "Verdict",
]
