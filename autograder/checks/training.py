"""Checks of training as a whole: the grader trains with the student's sgd_nn and measures.

The child gets training data and starting networks; the test part stays in the grader,
which measures accuracy with its own forward pass. A claim (results.txt) is measured
the same way: the stated accuracy must be what the stated network scores.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from autograder import nn
from autograder.checks.base import PASS, Check, Evidence, Trial, Verdict
from autograder.compare import NETWORK, TRAINED, FormError
from autograder.jsonshape import Shape, beyond
from autograder.report.model import Training
from autograder.run.protocol import Call, Reply


@dataclass(frozen=True)
class Task:
    """A classification problem with the settings under which the reference always learns it."""

    name: str
    sizes: tuple[int, ...]
    x_train: list[list[float]]
    y_train: list[list[float]]
    x_test: list[list[float]]
    y_test: list[list[float]]
    eta: float
    epochs: int
    accuracy: float  # what counts as learned, on the test part
    # A validation part, which crosses to the child with the training part (early stopping).
    x_val: list[list[float]] = field(default_factory=list)
    y_val: list[list[float]] = field(default_factory=list)


# A fresh variant of a task for one training run: the same problem and settings, with data
# drawn from the run's generator (another split, features in another order).
Redraw = Callable[[Task, np.random.Generator], Task]


def trained_network(value: object, sizes: tuple[int, ...]) -> nn.Network:
    """The network of a training result, checked against the task's layer sizes."""
    network = [part.array for part in TRAINED.split(value)[:-1]]
    shapes = [layer.shape for layer in network]
    wanted = [(n_out, 1 + n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    if shapes != wanted:
        raise FormError(f"the trained network has layer shapes {shapes}, expected {wanted}")
    return network


@dataclass(frozen=True)
class Converges(Check):
    """sgd_nn learns a task from most of several fixed starting networks.

    The tasks of one check are a family (XOR and XNOR, say): each grading run picks one.
    `redraw` then gives every run its own fresh variant of it, drawn from the grading run's
    generator, so that a network or parameter set trained offline fits a run's data only by
    chance, and must be lucky on `required` runs at once; each run drawing its own also
    keeps one unlucky draw from failing a correct submission on every run. Tests measure
    that the reference passes the check on hundreds of draws, with `required` of the
    seeds, not all.
    """

    name: str
    points: float
    tasks: tuple[Task, ...]
    seeds: tuple[int, ...]
    required: int
    redraw: Redraw | None = None  # None: every run trains on the task as declared

    function = "sgd_nn"  # the student's function that trains
    shown = ("accuracy", 2)  # what the failure message calls a run's measure, and its digits

    def start(self, task: Task, seed: int) -> nn.Network:
        return nn.random_network(np.random.default_rng(seed), task.sizes)

    def choose(self, rng: np.random.Generator) -> Task:
        """The task of this grading run, from the family."""
        return self.tasks[int(rng.integers(len(self.tasks)))]

    def runs(self, rng: np.random.Generator) -> list[tuple[int, Task]]:
        """Each run's seed and the data it trains on, for this grading run."""
        task = self.choose(rng)
        return [(seed, self.redraw(task, rng) if self.redraw else task) for seed in self.seeds]

    def call(self, task: Task, seed: int) -> Call:
        return Call("sgd_nn", (task.x_train, task.y_train, nn.to_lists(self.start(task, seed))),
                    {"eta": task.eta, "n_epochs": task.epochs, "shuffle": True, "seed": seed})

    def measure(self, task: Task, seed: int, value: object) -> Training:
        """One run, measured on the test part; FormError when it is not a trained network."""
        network = trained_network(value, task.sizes)
        losses = TRAINED.split(value)[-1].array
        return Training(task.name, task.sizes, seed, losses.tolist(), nn.to_lists(network),
                        nn.accuracy(network, np.asarray(task.x_test), np.asarray(task.y_test)))

    def settings(self, task: Task) -> str:
        return f"{'-'.join(map(str, task.sizes))} network, eta={task.eta}, {task.epochs} epochs"

    def prepare(self, rng: np.random.Generator) -> Trial:
        planned = self.runs(rng)
        task = planned[0][1]  # every run's name and settings are the family member's
        calls = [self.call(data, seed) for seed, data in planned]

        def learned(seed: int, data: Task, reply: Reply) -> bool:
            try:
                return self.measure(data, seed, reply.value).accuracy >= data.accuracy
            except (FormError, ValueError):
                return False

        def settled(replies: list[Reply | None]) -> bool:
            """Enough runs learned: the runs still to come cannot change the verdict."""
            return sum(learned(seed, data, r) for (seed, data), r in zip(planned, replies)
                       if r is not None and r.ok) >= self.required

        def judge(evidence: Evidence) -> Verdict:
            runs: list[Training] = []
            for (seed, data), reply in zip(planned, evidence.replies):
                if reply.skipped:
                    continue
                if not reply.ok:
                    return Verdict(False, f"training on {task.name}: "
                                          f"{reply.problem(self.function)}", tuple(runs))
                try:
                    runs.append(self.measure(data, seed, reply.value))
                except (FormError, ValueError) as error:
                    return Verdict(False, f"training on {task.name}: {error}", tuple(runs))
            learned = sum(run.accuracy >= task.accuracy for run in runs)
            if learned >= self.required:
                return Verdict(True, "", tuple(runs))
            measure, digits = self.shown
            shown = ", ".join(f"{run.accuracy:.{digits}f}" for run in runs)
            return Verdict(False, f"trained {len(runs)} times on {task.name} "
                                  f"({self.settings(task)}): {measure} {shown}; {learned} "
                                  f"reached {task.accuracy:g}, {self.required} must", tuple(runs))

        return Trial(calls, judge, settled)


@dataclass(frozen=True)
class Claim:
    """What results.txt states: a network and the test accuracy it reaches."""

    network: nn.Network
    accuracy: float


RESULTS_SHAPE = Shape(depth=16, values=100_000, digits=100)  # a network nests 3 deep


RESULTS_FORMAT = ('results.txt should hold one JSON object with the trained network, in '
                  'the course\'s format (a list of layers, each a list of nodes [bias, w1, '
                  'w2, ...]), and its test accuracy as a fraction; for a network of 2 inputs, '
                  '2 hidden nodes and 1 output: {"network": [[[0.1, 0.2, 0.3], [0.4, 0.5, '
                  '0.6]], [[0.7, 0.8, 0.9]]], "accuracy": 0.95}')


def parsed_results(text: str) -> object:
    """What results.txt holds: JSON, or the same dict written as a Python literal (read
    with ast.literal_eval, which evaluates no code); FormError with the format if neither."""
    text = text.removeprefix("\ufeff")
    try:
        return json.loads(text)
    except ValueError as error:
        said = f"results.txt is not JSON ({error})"
    try:
        return tuples_as_lists(ast.literal_eval(text.strip()))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise FormError(f"{said}. {RESULTS_FORMAT}") from None


def tuples_as_lists(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return [tuples_as_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: tuples_as_lists(v) for k, v in value.items()}
    return value


def read_claim(text: str | None, sizes_in_out: tuple[int, int]) -> Claim:
    """Parse results.txt as JSON or a literal (never as code); FormError says what is wrong
    with it."""
    if text is None:
        raise FormError("there is no results.txt beside the submission")
    too_much = beyond(text.encode("utf-8", "replace"), RESULTS_SHAPE)
    if too_much:  # json.loads would crash (RecursionError) or convert digits at length
        raise FormError(f"results.txt cannot be read: its JSON {too_much}")
    data = parsed_results(text)
    if not isinstance(data, dict) or "network" not in data or "accuracy" not in data:
        raise FormError(RESULTS_FORMAT)
    accuracy = data["accuracy"]
    if type(accuracy) not in (int, float) or not 0 <= accuracy <= 1:
        raise FormError(f"the accuracy in results.txt should be a fraction, got {accuracy!r}")
    network = [part.array for part in NETWORK.split(data["network"], "the network")]
    n_in, n_out = sizes_in_out
    if not network or network[0].shape[1] != 1 + n_in or network[-1].shape[0] != n_out:
        raise FormError(f"the network in results.txt should take {n_in} inputs and give "
                        f"{n_out} outputs")
    for before, after in zip(network, network[1:]):
        if after.shape[1] != 1 + before.shape[0]:
            raise FormError("the layers of the network in results.txt do not fit together: "
                            f"a layer of {before.shape[0]} nodes feeds one expecting "
                            f"{after.shape[1] - 1} inputs")
    return Claim(network, float(accuracy))


def measure_claim(text: str | None, task: Task) -> tuple[Claim, float]:
    """The claim in results.txt and the accuracy its network really has on the test split."""
    claim = read_claim(text, (task.sizes[0], task.sizes[-1]))
    measured = nn.accuracy(claim.network, np.asarray(task.x_test), np.asarray(task.y_test))
    return claim, measured


@dataclass(frozen=True)
class ClaimHolds(Check):
    """The accuracy stated in results.txt is what its network scores on the test split."""

    reads_results = True
    name: str
    points: float
    task: Task
    tolerance: float = 1e-9

    def prepare(self, rng: np.random.Generator) -> Trial:
        def judge(evidence: Evidence) -> Verdict:
            try:
                claim, measured = measure_claim(evidence.results_text, self.task)
            except FormError as error:
                return Verdict(False, str(error))
            if abs(measured - claim.accuracy) <= self.tolerance:
                return PASS
            return Verdict(False, f"results.txt states an accuracy of {claim.accuracy:.4f}, but "
                                  f"its network scores {measured:.4f} on the {self.task.name} "
                                  "test split")

        return Trial([], judge)


@dataclass(frozen=True)
class ClaimReaches(Check):
    """The network in results.txt classifies enough of the test split."""

    reads_results = True
    name: str
    points: float
    task: Task
    threshold: float

    def prepare(self, rng: np.random.Generator) -> Trial:
        def judge(evidence: Evidence) -> Verdict:
            try:
                _, measured = measure_claim(evidence.results_text, self.task)
            except FormError as error:
                return Verdict(False, str(error))
            if measured >= self.threshold:
                return PASS
            return Verdict(False, f"the network in results.txt scores {measured:.4f} on the "
                                  f"{self.task.name} test split; {self.threshold:g} is needed")

        return Trial([], judge)
