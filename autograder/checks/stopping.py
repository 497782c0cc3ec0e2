"""Early stopping and the Pima convergence check, measured with the grader's own forward pass.

fit_pima(params, x_train, y_train, x_val, y_val, lr, max_epochs, patience, batch_size)
returns (params, train_losses, val_losses). Whatever the numbers, early stopping must
stop `patience` epochs after the best validation loss and hand back the weights of that
epoch, from a run that trained: the grader measures the training and validation losses
of the returned weights itself, and of the weights it sent.

A run that trains moves its loss curve, and the best epoch's weights, taken after at least
one epoch, have a lower training loss than the starting ones. With the reference on 20000
draws of the check's problem, consecutive training losses differed by 3e-5 at least, and
the best epoch's training loss was at most 0.99912 of the starting one: the check asks
for a curve that moves by more than FLAT and a loss lower by more than MOVED.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autograder.checks import training_math as tm
from autograder.checks.arrays import FITTED
from autograder.checks.base import PASS, Check, Evidence, Trial, Verdict, problem
from autograder.checks.training import Converges, Task
from autograder.compare import FormError
from autograder.report.model import Training
from autograder.run.protocol import Call

Params = list[np.ndarray]
FLAT = 1e-6  # of the largest training loss: how much a curve must move
MOVED = 1e-5  # how much lower than the starting weights' the best weights' training loss is
LOSS_RTOL = 1e-6  # a loss recorded by the student against the grader's measure of it


def fitted(value: object, inputs: int) -> tuple[Params, np.ndarray, np.ndarray]:
    """The parameters and the two loss curves of what fit_pima returned; FormError unless
    the parameters make a network from `inputs` features to one output."""
    parts = FITTED.split(value)
    params = [p.array for p in parts[:4]]
    shapes = [p.shape for p in params]
    hidden = shapes[0][1]
    if hidden < 1 or shapes != [(inputs, hidden), (1, hidden), (hidden, 1), (1, 1)]:
        raise FormError(f"the parameters W1, b1, W2, b2 have shapes {shapes}; a network from "
                        f"{inputs} features through H hidden units to one output has "
                        f"({inputs}, H), (1, H), (H, 1), (1, 1)")
    return params, parts[4].array, parts[5].array


def course_network(params: Params) -> list[list[list[float]]]:
    """Parameters written as the course writes a network, rows [bias, w_1, ...], for plots."""
    return [np.hstack([b.T, w.T]).tolist() for w, b in zip(params[0::2], params[1::2])]


def overfitting_problem(rng: np.random.Generator) -> tuple[list, ...]:
    """A small problem with noisy labels on which training overfits within a few dozen
    epochs: validation loss turns up, so early stopping has something to do."""
    d, hidden = 3, 6
    x_train, x_val = rng.normal(0, 1, (16, d)), rng.normal(0, 1, (16, d))
    y_train = rng.integers(0, 2, (16, 1)).astype(float)
    y_val = rng.integers(0, 2, (16, 1)).astype(float)
    params = tm.random_params(rng, (d, hidden, 1), scale=0.5)
    return ([p.tolist() for p in params], x_train.tolist(), y_train.tolist(), x_val.tolist(),
            y_val.tolist())


def fit_call(rng: np.random.Generator, max_epochs: int = 60, patience: int = 3) -> Call:
    return Call("fit_pima", overfitting_problem(rng),
                {"lr": 0.3, "max_epochs": max_epochs, "patience": patience, "batch_size": 4})


def fit_calls(rng: np.random.Generator) -> list[Call]:
    """A short run for a hidden case: every epoch's numbers matter, not only the end."""
    return [fit_call(rng, max_epochs=8, patience=3)]


@dataclass(frozen=True)
class KeepsBestWeights(Check):
    """fit_pima stops `patience` epochs after its best validation loss and returns the
    weights of that epoch."""

    name: str
    points: float
    draw: Callable[[np.random.Generator], Call] = fit_call

    def prepare(self, rng: np.random.Generator) -> Trial:
        call = self.draw(rng)
        calls = [call]
        max_epochs, patience = call.kwargs["max_epochs"], call.kwargs["patience"]
        x_train, y_train = np.array(call.args[1]), np.array(call.args[2])
        x_val, y_val = np.array(call.args[3]), np.array(call.args[4])
        started = tm.mean_binary_cross_entropy(tm.as_params(call.args[0]), x_train, y_train)

        def judge(evidence: Evidence) -> Verdict:
            trouble = problem(evidence.replies, calls)
            if trouble:
                return Verdict(False, trouble)
            try:
                params, train_losses, val_losses = fitted(evidence.replies[0].value,
                                                          x_val.shape[1])
                on_train = tm.mean_binary_cross_entropy(params, x_train, y_train)
                on_val = tm.mean_binary_cross_entropy(params, x_val, y_val)
            except (FormError, ValueError) as error:
                return Verdict(False, f"fit_pima should return (params, train_losses, "
                                      f"val_losses) with params = (W1, b1, W2, b2): {error}")
            epochs = len(val_losses)
            if len(train_losses) != epochs or not 1 <= epochs <= max_epochs:
                return Verdict(False, f"with max_epochs={max_epochs}, fit_pima returned "
                                      f"{len(train_losses)} training and {epochs} validation "
                                      "losses: one of each per epoch run")
            if not (np.isfinite(train_losses).all() and np.isfinite(val_losses).all()):
                return Verdict(False, "fit_pima recorded a loss that is not a number (NaN or "
                                      "infinity): record the mean binary cross-entropy of "
                                      "each part after each epoch")
            if epochs > 1 and not np.ptp(train_losses) > FLAT * np.abs(train_losses).max():
                return Verdict(False, f"the training loss fit_pima recorded is "
                                      f"{train_losses[0]:.6g} at each of its {epochs} epochs: "
                                      "each epoch should train the weights and record the loss "
                                      "they have after it")
            if not on_train < started * (1 - MOVED):
                return Verdict(False, f"the weights fit_pima returned have a training loss of "
                                      f"{on_train:.6g}, no lower than the {started:.6g} of the "
                                      f"weights it was given: the best epoch's weights are "
                                      f"those after that epoch's training, and an epoch at "
                                      f"lr={call.kwargs['lr']:g} lowers the training loss")
            best = int(np.argmin(val_losses))
            if epochs < max_epochs and epochs - 1 - best != patience:
                return Verdict(False, f"with patience={patience}, training stopped after epoch "
                                      f"{epochs}, but the best validation loss was at epoch "
                                      f"{best + 1}: stop once {patience} epochs in a row have "
                                      "not improved on the best")
            if not abs(on_val - val_losses[best]) <= LOSS_RTOL * max(1.0, abs(on_val)):
                return Verdict(False, f"the weights fit_pima returned have a validation loss of "
                                      f"{on_val:.6g}, but the best epoch ({best + 1}) had "
                                      f"{val_losses[best]:.6g}: keep a copy of the weights at "
                                      "each new best and return that copy")
            if not abs(on_train - train_losses[best]) <= LOSS_RTOL * max(1.0, abs(on_train)):
                return Verdict(False, f"the weights fit_pima returned have a training loss of "
                                      f"{on_train:.6g}, but train_losses records "
                                      f"{train_losses[best]:.6g} at the best epoch "
                                      f"({best + 1}): record each part's loss of the weights "
                                      "as they are at the end of the epoch")
            return PASS

        return Trial(calls, judge)


@dataclass(frozen=True)
class PimaConverges(Converges):
    """fit_pima, on the grader's preprocessed Pima split, classifies enough of the test
    part, which never crosses to the child, measured with the grader's forward pass. The
    network is the grader's: parameters of another shape than the starting ones fail."""

    patience: int = 10
    batch_size: int = 32
    function = "fit_pima"
    shown = ("test accuracy", 3)

    def start(self, task: Task, seed: int) -> Params:
        d, hidden, k = task.sizes
        rng = np.random.default_rng(seed)
        return [rng.uniform(-0.5, 0.5, (d, hidden)), np.zeros((1, hidden)),
                rng.uniform(-0.5, 0.5, (hidden, k)), np.zeros((1, k))]

    def call(self, task: Task, seed: int) -> Call:
        return Call("fit_pima", ([p.tolist() for p in self.start(task, seed)], task.x_train,
                                 task.y_train, task.x_val, task.y_val),
                    {"lr": task.eta, "max_epochs": task.epochs, "patience": self.patience,
                     "batch_size": self.batch_size})

    def measure(self, task: Task, seed: int, value: object) -> Training:
        params, train_losses, _ = fitted(value, task.sizes[0])
        shapes = [p.shape for p in params]
        wanted = [p.shape for p in self.start(task, seed)]
        if shapes != wanted:
            raise FormError(f"the parameters W1, b1, W2, b2 have shapes {shapes}; the "
                            f"{'-'.join(map(str, task.sizes))} network fit_pima was given "
                            f"has {wanted}: train the parameters it is given")
        accuracy = tm.binary_accuracy(params, np.asarray(task.x_test), np.asarray(task.y_test))
        return Training(task.name, task.sizes, seed, train_losses.tolist(),
                        course_network(params), accuracy, "fit_pima",
                        "mean binary cross-entropy, training part")

    def settings(self, task: Task) -> str:
        return (f"{'-'.join(map(str, task.sizes))} network, lr={task.eta}, at most "
                f"{task.epochs} epochs, patience {self.patience}")
