"""Check kinds of the perceptron assignment.

Whatever crosses back is plain data, read as runs.py says; each kind below judges it with
the grader's own threshold units and perceptron rule (separable.py):

- `Computes`: weights set by hand (a gate, a two-layer network) compute a truth table;
- `TraceExample`, `HiddenTrace`: a whole training run, epoch by epoch, against published
  numbers or the reference, saying first when the number of epochs differs;
- `HistoryConsistent`: the history's length and its stopping rule, without a reference,
  each epoch replayed with the rule;
- `ConvergesWithinBound`: on random separable data, training follows the rule epoch by
  epoch (the grader replays each) and ends with every sample right, within the mistakes
  the perceptron convergence theorem allows;
- `NeverSeparates`: on XOR, training never ends early and no epoch beats 3 of 4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder import nn
from autograder.checks.base import (
    PASS,
    Check,
    Evidence,
    Trial,
    Verdict,
    problem,
    reference_values,
)
from autograder.checks.runs import RUN, UPDATE, WEIGHTS, Run, epochs_differ, read_run
from autograder.checks.separable import (
    perceptron_epochs,
    separable,
    step,
    threshold_outputs,
    unit_accuracy,
)
from autograder.checks.values import Example, Hidden
from autograder.compare import (
    EPS32,
    FLOOR,
    NETWORK,
    SCALE,
    SINGLE_RTOL,
    FormError,
    Vector,
    rel_error,
)
from autograder.run.protocol import Call


@dataclass(frozen=True)
class TraceExample(Example):
    """A published training run (the lecture's trace), compared epoch by epoch."""

    def prepare(self, rng: np.random.Generator) -> Trial:
        trial = super().prepare(rng)

        def judge(evidence: Evidence) -> Verdict:
            for case, reply in zip(self.cases, evidence.replies):
                if not reply.ok:
                    break
                why = epochs_differ(reply.value, case.expected, reveal=True)
                if why:
                    return Verdict(False, f"{case.label}: {why}")
            return trial.judge(evidence)

        return Trial(trial.calls, judge)


@dataclass(frozen=True)
class HiddenTrace(Hidden):
    """The reference's training run on data drawn fresh, compared epoch by epoch."""

    def prepare(self, rng: np.random.Generator) -> Trial:
        trial = super().prepare(rng)

        def judge(evidence: Evidence) -> Verdict:
            expected = reference_values(evidence, trial.calls)
            for reply, wanted in zip(evidence.replies, expected):
                if not reply.ok:
                    break
                why = epochs_differ(reply.value, wanted, reveal=False)
                if why:
                    return Verdict(False, f"on {self.describe}, {why}")
            return trial.judge(evidence)

        return Trial(trial.calls, judge)


def _network(value: Any, layout: str, n_inputs: int) -> nn.Network:
    """The returned weights as a network: a single unit [b, w_1, ...] is a one-node layer."""
    if layout == "unit":
        row = Vector().split(value, "the weights")[0].array
        if row.shape != (1 + n_inputs,):
            names = ", ".join(["b", *(f"w_{i}" for i in range(1, n_inputs + 1))])
            raise FormError(f"the weights should be [{names}]: {1 + n_inputs} numbers, bias "
                            f"first; got {row.shape[0]}")
        return [row[None, :]]
    network = [part.array for part in NETWORK.split(value)]
    fits = bool(network) and network[0].shape[1] == 1 + n_inputs and network[-1].shape[0] == 1
    fits = fits and all(b.shape[1] == 1 + a.shape[0] for a, b in zip(network, network[1:]))
    if not fits:
        raise FormError(f"the network should take {n_inputs} inputs and have one output node; "
                        f"its layers have shapes {[layer.shape for layer in network]}")
    return network


@dataclass(frozen=True)
class Computes(Check):
    """Weights set by hand compute a gate's truth table, run by the grader's own units:
    threshold units exactly, sigmoid units within `tolerance` of every target."""

    name: str
    points: float
    call: Call
    gate: str
    table: tuple[tuple[tuple[float, ...], float], ...]  # (inputs, target) for every input
    layout: str = "unit"  # "unit": [b, w_1, ...]; "network": the course's network format
    unit: str = "threshold"  # or "sigmoid"
    tolerance: float = 1e-4

    def prepare(self, rng: np.random.Generator) -> Trial:
        calls = [self.call]
        shown = f"{self.call.function}({', '.join(map(repr, self.call.args))}" + "".join(
            f", {k}={v!r}" for k, v in self.call.kwargs.items()) + ")"

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            try:
                network = _network(evidence.replies[0].value, self.layout,
                                   len(self.table[0][0]))
            except FormError as error:
                return Verdict(False, f"{shown}: {error}")
            for inputs, target in self.table:
                x = np.array(inputs, dtype=np.float64)
                if self.unit == "threshold":
                    output = float(threshold_outputs(network, x)[0])
                    right = output == target
                else:
                    output = float(nn.outputs(network, x)[0])
                    right = abs(output - target) <= self.tolerance
                if not right:
                    point = ", ".join(f"{v:g}" for v in inputs)
                    within = (f" and the output must be within {self.tolerance:g} of it"
                              if self.unit == "sigmoid" else "")
                    return Verdict(False, f"{shown} with {self.unit} units outputs "
                                          f"{output:.6g} on ({point}); {self.gate}({point}) = "
                                          f"{target:g}{within}")
            return PASS

        return Trial(calls, judge)


def _read(reply_value: Any, n_features: int) -> Run:
    run = read_run(reply_value)
    if run.w.shape != (n_features,):
        raise FormError(f"the returned w has {run.w.shape[0]} weights; the data have "
                        f"{n_features} features")
    return run


@dataclass(frozen=True)
class HistoryConsistent(Check):
    """One history entry per epoch: every epoch but the last made a mistake, training
    stopped at the first epoch without one (or at max_epochs), converged says which,
    and the returned w and b are the last epoch's. Every epoch is then replayed with the
    rule, XOR's included: a history that is consistent but not the rule's (one epoch
    without a mistake, say) does not pass."""

    name: str
    points: float
    draw: Callable[[np.random.Generator], list[Call]]

    def prepare(self, rng: np.random.Generator) -> Trial:
        calls = self.draw(rng)

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            for call, reply in zip(calls, evidence.replies):
                data = call.args[0]
                limit = int(call.kwargs["max_epochs"])
                try:
                    run = _read(reply.value, len(data[0]))
                except FormError as error:
                    return Verdict(False, str(error))
                why = (_inconsistency(run, limit, len(data))
                       or _off_rule(run, data, call.args[1], call.kwargs["eta"]))
                if why:
                    return Verdict(False, f"on {len(data)} samples with max_epochs={limit}: "
                                          f"{why}")
            return PASS

        return Trial(calls, judge)


def _inconsistency(run: Run, limit: int, n: int) -> str:
    epochs = len(run.history)
    if epochs == 0:
        return "the history is empty; it should hold one (w, b, mistakes) per epoch"
    if epochs > limit:
        return f"the history has {epochs} epochs, more than max_epochs"
    for e, m in enumerate(run.mistakes):
        if not (0 <= m <= n and float(m).is_integer()):
            return (f"epoch {e + 1} counts {m:g} mistakes: count the samples of that epoch "
                    f"that the unit got wrong (0 to {n})")
    for e, m in enumerate(run.mistakes[:-1]):
        if m == 0:
            return (f"epoch {e + 1} made no mistake, yet training went on for "
                    f"{epochs - e - 1} more epoch(s): stop after the first epoch without a "
                    "change")
    last = run.mistakes[-1]
    if last > 0 and epochs < limit:
        return (f"training stopped after epoch {epochs}, which made {last:g} mistake(s): "
                "stop only after an epoch without a change (or after max_epochs)")
    if bool(run.converged) != (last == 0):
        return (f"converged is {bool(run.converged)}, but the last epoch made {last:g} "
                "mistake(s): converged is True exactly when training ended with an epoch "
                "without a change")
    w, b, _ = run.history[-1]
    if w.shape != run.w.shape or not (np.array_equal(w, run.w) and b == run.b):
        return "the returned w and b are not those of the history's last epoch"
    return ""


def _off_rule(run: Run, data: list[list[float]], targets: list[float], eta: float) -> str:
    """Where a history stops following the perceptron rule: each epoch is replayed by the
    grader from the weights the history gives before it (zero before the first). Any
    mistake of the rule moves a weight by a step of eta * x, so the epoch is held to
    single precision's tolerance, and an activation within float32's rounding of 0 may
    go either way (`perceptron_epochs`)."""
    w, b = np.zeros_like(run.w), 0.0
    # an epoch's steps, each rounded in float32, leave a weight that ends near 0 this far
    # from it; the floor makes that an absolute allowance at the tolerance
    steps = len(data) * abs(eta) * float(np.max(np.abs(data), initial=1.0))
    floor = max(FLOOR, 8 * EPS32 * steps / SINGLE_RTOL)
    for e, (w_e, b_e, m_e) in enumerate(run.history):
        start = "zero" if e == 0 else f"the weights after epoch {e}"
        got = np.concatenate(([b_e], w_e))
        scored = [(float(np.max(rel_error(got, np.concatenate(([b_r], w_r)), floor, SCALE))),
                   m_r != m_e, w_r, b_r, m_r)
                  for w_r, b_r, m_r in perceptron_epochs(w, b, data, targets, eta)]
        worst, miscounted, w_r, b_r, m_r = min(scored, key=lambda o: (o[0] > SINGLE_RTOL, o[1],
                                                                       o[0]))
        if worst > SINGLE_RTOL:
            wanted = np.concatenate(([b_r], w_r))
            i = int(np.argmax(rel_error(got, wanted, floor, SCALE) > SINGLE_RTOL))
            name = "the bias b" if i == 0 else f"w_{i}"
            return (f"epoch {e + 1} does not follow the perceptron rule from {start}: after it "
                    f"{name} is {wanted[i]:.9g} by the rule, {got[i]:.9g} in your history")
        if miscounted:
            return (f"epoch {e + 1} makes {m_r} mistake(s) by the perceptron rule from {start}; "
                    f"your history counts {m_e:g}")
        w, b = w_e, b_e
    return ""


@dataclass(frozen=True)
class ConvergesWithinBound(Check):
    """On random linearly separable data, training from zero converges: it ends with an
    epoch without a mistake, its weights classify every sample, and it made no more
    mistakes than (R / gamma)^2, the perceptron convergence theorem's bound.

    The mistakes are the grader's count: it replays every epoch of the history with the
    rule, so a history that is not the rule's (or a separator found some other way) does
    not pass. max_epochs leaves room for the bound: bound + 2 epochs."""

    name: str
    points: float
    shapes: tuple[tuple[int, int], ...]  # (samples, features) of each data set
    gap: float = 0.1

    def prepare(self, rng: np.random.Generator) -> Trial:
        sets = [separable(rng, n, d, self.gap) for n, d in self.shapes]
        calls = [Call("train_perceptron", (s.data, s.targets),
                      {"eta": round(float(rng.uniform(0.2, 2.0)), 3),
                       "max_epochs": int(s.bound) + 2})
                 for s in sets]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            for data, call, reply in zip(sets, calls, evidence.replies):
                n, d = len(data.data), len(data.data[0])
                limit, eta = call.kwargs["max_epochs"], call.kwargs["eta"]
                about = (f"on {n} random linearly separable points in {d} dimensions (R = "
                         f"{data.radius:.3g}, gamma = {data.margin:.3g}: at most (R/gamma)^2 = "
                         f"{data.bound:.0f} mistakes) with eta={eta:g}")
                try:
                    run = _read(reply.value, d)
                except FormError as error:
                    return Verdict(False, f"{about}: {error}")
                if not run.history or len(run.history) > limit:
                    return Verdict(False, f"{about}, the history has {len(run.history)} "
                                          f"epochs with max_epochs={limit}")
                why = _off_rule(run, data.data, data.targets, eta)
                if why:
                    return Verdict(False, f"{about}, {why}")
                epochs, last = len(run.history), run.mistakes[-1]
                if last != 0:  # by the theorem, the rule gets there within max_epochs
                    return Verdict(False, f"{about}, training stopped after epoch {epochs} "
                                          f"(max_epochs={limit}), which made {last:g} "
                                          "mistake(s): it had not converged")
                if not run.converged:
                    return Verdict(False, f"{about}, training ended with an epoch without a "
                                          "mistake, but converged is False")
                w, b, _ = run.history[-1]
                if not (np.array_equal(w, run.w) and b == run.b):
                    return Verdict(False, f"{about}, the returned w and b are not those of the "
                                          "history's last epoch")
                if sum(run.mistakes) > data.bound:  # the theorem: only if the data were wrong
                    return Verdict(False, f"{about}, training made {sum(run.mistakes):.0f} "
                                          "mistakes")
            return PASS

        return Trial(calls, judge)


@dataclass(frozen=True)
class NeverSeparates(Check):
    """On data no line separates (XOR), training never ends early: converged is False,
    every one of max_epochs epochs makes a mistake, and no epoch's weights get more than
    3 of 4 points right. The grader replays the history with the rule, so the mistakes
    and the accuracy are its own measurements, not the student's claims."""

    name: str
    points: float
    tasks: tuple[tuple[str, list[list[float]], list[float]], ...]  # (name, data, targets)
    best: float = 0.75  # the most a line gets right

    def prepare(self, rng: np.random.Generator) -> Trial:
        task, data, targets = self.tasks[int(rng.integers(len(self.tasks)))]
        order = rng.permutation(len(data))
        data, targets = [data[i] for i in order], [targets[i] for i in order]
        limit, eta = int(rng.integers(8, 31)), round(float(rng.uniform(0.2, 2.0)), 3)
        calls = [Call("train_perceptron", (data, targets), {"eta": eta, "max_epochs": limit})]

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            about = f"on {task} with eta={eta:g} and max_epochs={limit}"
            try:
                run = _read(evidence.replies[0].value, len(data[0]))
            except FormError as error:
                return Verdict(False, f"{about}: {error}")
            if run.converged:
                return Verdict(False, f"{about}, train_perceptron reports converged = True, but "
                                      f"no line separates {task}")
            if len(run.history) != limit:
                return Verdict(False, f"{about}, the history has {len(run.history)} epochs: "
                                      f"no line separates {task}, so every epoch makes a "
                                      "mistake and training runs all max_epochs epochs")
            why = _off_rule(run, data, targets, eta)
            if why:
                return Verdict(False, f"{about}, {why}")
            best = max(unit_accuracy(w, b, np.asarray(data), np.asarray(targets))
                       for w, b, _ in
                       [*run.history, (run.w, run.b, 0)])
            if best > self.best:  # no line does on XOR: this guards a task declared amiss
                return Verdict(False, f"{about}, weights in the history classify "
                                      f"{best:.0%} of the points; no line gets more than "
                                      f"{self.best:.0%} of {task}")
            return PASS

        return Trial(calls, judge)


__all__ = ["RUN", "UPDATE", "WEIGHTS", "Computes", "ConvergesWithinBound", "HiddenTrace",
           "HistoryConsistent", "NeverSeparates", "TraceExample", "read_run", "step"]
