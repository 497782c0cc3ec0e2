"""The training assignment: activations, softmax and losses, vectorized backprop, optimizers,
regularization and Pima, 100 points.

Worked examples are computed here with the grader's own numerics (training_math), which
follow the lecture. Hidden cases draw fresh shapes, batches and runs for every grading
and take their answers from the reference; derivatives are held to finite differences of
the student's functions once those give the lecture's values; dropout is held to what any
correct mask must do, drawn unit by unit and call by call; Pima is trained with the
student's fit_pima and measured on a test part that never crosses to the child.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from autograder.checks import Case, Example, Hidden, Task
from autograder.checks import training_math as tm
from autograder.checks.arrays import CACHE, FITTED, GRADIENTS, TRAINED, Array, Arrays
from autograder.checks.dropout import DropoutBehaves
from autograder.checks.optimizers import (
    AdamFirstStep,
    form,
    gutter_cases,
    quadratic_run,
    random_run,
)
from autograder.checks.slopes import DeltaMatchesLoss, GradientsMatchLoss, SlopeMatches, draw_batch
from autograder.checks.stopping import KeepsBestWeights, PimaConverges, fit_calls
from autograder.compare import NUMBER, Form
from autograder.datasets import PimaSplit, pima_split, stratified_pima_split
from autograder.nn import sigmoid
from autograder.run.protocol import Call
from autograder.suites import Question, Suite

# Single-precision arithmetic, which a correct solution may use, is good to a few 1e-7 per
# operation, and to about 1e-6 where a difference cancels (a gradient summed over a batch,
# the sigmoid's derivative in its tails): every comparison here allows 1e-5 (measured with
# tests/training/correct_float32.py over 20 draws). A sum that cancels to near 0 (a bias
# gradient over the batch, a velocity as a run settles) keeps only the absolute accuracy of
# its terms: gradients, optimizer steps and trained parameters are measured on one scale
# for the whole result (compare.Form.shared_scale). On the 9 draws of 1000 where float32
# had lost points that way, its worst error became 4.6e-7; 1000 draws of every value check
# then lost none. Every mistake of the catalog is off by far more.
RTOL = 1e-5

VECTOR = Array("the result", 1)
MATRIX = Array("the result", 2)
SAMPLED = [0.0, 1.0, -2.5, 0.5, 1000.0, -1000.0]  # 0, ordinary values and large magnitudes

ACTIVATIONS = tm.ACTIVATIONS


def activation_matrix(function: str) -> Callable[[np.random.Generator], list[Call]]:
    """A random 3x4 matrix with some exact zeros, where ReLU's derivative is 1."""
    def draw(rng: np.random.Generator) -> list[Call]:
        s = rng.normal(0, 3, (3, 4))
        s[rng.random((3, 4)) < 0.25] = 0.0
        return [Call(function, (s.tolist(),))]
    return draw


def activation(name: str) -> Question:
    g, g_prime = ACTIVATIONS[name]
    s = np.array(SAMPLED)
    shown = ", ".join(f"{v:g}" for v in SAMPLED)
    return Question(name, (
        Example(f"{name} at {shown}", 0.5, (
            Case(f"{name}([{shown}])", Call(name, (SAMPLED,)), g(s).tolist()),), VECTOR),
        Example(f"{name}_prime at {shown}", 0.5, (
            Case(f"{name}_prime([{shown}])", Call(f"{name}_prime", (SAMPLED,)),
                 g_prime(s).tolist()),), VECTOR),
        SlopeMatches(f"{name}_prime is the slope of {name}", 0.5, name, f"{name}_prime", g),
        Hidden(f"hidden case: {name} of a matrix", 0.75, activation_matrix(name), MATRIX,
               "a random 3x4 matrix"),
        Hidden(f"hidden case: {name}_prime of a matrix", 0.75,
               activation_matrix(f"{name}_prime"), MATRIX, "a random 3x4 matrix"),
    ))


def softmax_calls(rng: np.random.Generator) -> list[Call]:
    m, k = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    return [Call("softmax", (rng.normal(0, 5, (m, k)).tolist(),))]


WORKED_S = [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]
STABLE_S = [[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1000.0, 999.0, 998.0]]
WORKED_Y = [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
BINARY_S = [[2.0, -1.0], [0.0, 0.5]]
BINARY_Y = [[1.0, 0.0], [0.0, 1.0]]
OUTPUT_OF = {"cross_entropy": tm.softmax, "binary_cross_entropy": sigmoid, "mse": sigmoid}
LOSS_OF = tm.LOSSES
DELTA_OF = {
    "cross_entropy": lambda s, y: tm.softmax(s) - y,
    "binary_cross_entropy": lambda s, y: sigmoid(s) - y,
    "mse": lambda s, y: sigmoid(s) * (1 - sigmoid(s)) * (sigmoid(s) - y),
}
TARGETS = {"cross_entropy": "one-hot", "binary_cross_entropy": "binary", "mse": "uniform"}


def loss_calls(loss: str, delta: bool) -> Callable[[np.random.Generator], list[Call]]:
    def draw(rng: np.random.Generator) -> list[Call]:
        check = DeltaMatchesLoss("", 0, loss, f"delta_{loss}", "", TARGETS[loss], LOSS_OF[loss],
                                 (int(rng.integers(2, 6)), int(rng.integers(2, 5))))
        s, y = rng.normal(0, 2, check.shape), check.draw_targets(rng)
        if delta:
            return [Call(f"delta_{loss}", (s.tolist(), y.tolist()))]
        return [Call(loss, (OUTPUT_OF[loss](s).tolist(), y.tolist()))]
    return draw


def loss_question(loss: str, points: tuple[float, float, float, float, float]) -> Question:
    s, y = (np.array(WORKED_S), np.array(WORKED_Y)) if loss == "cross_entropy" else (
        np.array(BINARY_S), np.array(BINARY_Y))
    h = OUTPUT_OF[loss](s)
    output = "softmax" if loss == "cross_entropy" else "sigmoid"
    return Question(loss, (
        Example(f"{loss}: worked example", points[0], (
            Case(f"{loss}({output}({s.tolist()}), {y.tolist()})",
                 Call(loss, (h.tolist(), y.tolist())), LOSS_OF[loss](h, y)),), NUMBER),
        Example(f"delta_{loss}: worked example", points[1], (
            Case(f"delta_{loss}({s.tolist()}, {y.tolist()})",
                 Call(f"delta_{loss}", (s.tolist(), y.tolist())),
                 DELTA_OF[loss](s, y).tolist()),), MATRIX),
        DeltaMatchesLoss(f"delta_{loss} is the slope of {loss}", points[2], loss,
                         f"delta_{loss}", output, TARGETS[loss], LOSS_OF[loss]),
        Hidden(f"hidden case: {loss} of a random batch", points[3], loss_calls(loss, False),
               NUMBER, "a random batch"),
        Hidden(f"hidden case: delta_{loss} of a random batch", points[4],
               loss_calls(loss, True), MATRIX, "a random batch"),
    ), depends_on=(output,) if loss == "cross_entropy" else ("sigmoid",))


# The lecture's network: x (3x2), W1 (2x5), b1 (1x5), W2 (5x2), b2 (1x2).
WORKED_PARAMS = tm.random_params(np.random.default_rng(8), (2, 5, 2), scale=0.5)
WORKED_X = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 0.0]])
WORKED_Y2 = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
WORKED_CACHE = tm.forward(WORKED_PARAMS, WORKED_X)


def plain(arrays: list[np.ndarray]) -> list:
    return [a.tolist() for a in arrays]


def worked_gradients() -> list:
    x, s1, x1, _, h = WORKED_CACHE
    d2 = h - WORKED_Y2
    d1 = (1 - np.tanh(s1) ** 2) * (d2 @ WORKED_PARAMS[2].T)
    return plain([x.T @ d1, d1.sum(0, keepdims=True), x1.T @ d2, d2.sum(0, keepdims=True)])


def forward_call(rng: np.random.Generator) -> list[Call]:
    params, x, _ = draw_batch(rng)
    return [Call("forward", (plain(params), x.tolist()))]


def backward_call(rng: np.random.Generator) -> list[Call]:
    params, x, y = draw_batch(rng)
    return [Call("backward", (plain(params), plain(tm.forward(params, x)), y.tolist()))]


def train_call(rng: np.random.Generator) -> list[Call]:
    """Ten samples in batches of 4: the last batch is smaller, as it is in practice."""
    _, d, hidden, k = (int(n) for n in (0, rng.integers(2, 5), rng.integers(3, 7),
                                        rng.integers(2, 4)))
    params = tm.random_params(rng, (d, hidden, k))
    x, y = rng.normal(0, 1, (10, d)), np.eye(k)[rng.integers(0, k, 10)]
    return [Call("train", (plain(params), x.tolist(), y.tolist()),
                 {"lr": 0.5, "epochs": 3, "batch_size": 4})]


def optimizer(function: str, points: tuple[float, ...], hyper: dict[str, float],
              extra: tuple = ()) -> Question:
    step_form: Form = form(function)
    return Question(function, (
        Example("10 worked steps on the rain gutter", points[0], gutter_cases(function, hyper),
                step_form, RTOL),
        *extra,
        Hidden("hidden case: 10 steps on a random quadratic", points[1], quadratic_run(function),
               step_form, "a 10-step run on a random quadratic", RTOL),
        Hidden("hidden case: 10 steps on random gradients", points[2], random_run(function),
               step_form, "a 10-step run on random gradients", RTOL),
    ))


def l2_call(rng: np.random.Generator) -> list[Call]:
    shape = (int(rng.integers(2, 5)), int(rng.integers(2, 5)))
    return [Call("l2_gradient", (rng.normal(0, 1, shape).tolist(), rng.normal(0, 1, shape).tolist(),
                                 float(rng.uniform(0.001, 0.5))))]


WORKED_TRAIN = [[1.0, float("nan"), 3.0], [3.0, 4.0, float("nan")], [2.0, 8.0, 5.0],
                [6.0, 2.0, 1.0]]
WORKED_TEST = [[float("nan"), 6.0, 4.0], [4.0, float("nan"), 0.0]]


def with_gaps(rng: np.random.Generator, rows: int, columns: int) -> np.ndarray:
    data = rng.normal(50, 20, (rows, columns))
    data[rng.random((rows, columns)) < 0.2] = np.nan
    data[:2] = rng.normal(50, 20, (2, columns))  # every column keeps two distinct values
    return data


def preprocess_call(rng: np.random.Generator) -> list[Call]:
    columns = int(rng.integers(3, 6))
    train, test = with_gaps(rng, 9, columns), with_gaps(rng, 5, columns)
    rng.shuffle(train)
    return [Call("preprocess", (train.tolist(), test.tolist()))]


PREPROCESSED = Arrays(("train", "test"), (2, 2))


def pima_task(split: PimaSplit | None = None, name: str = "Pima") -> Task:
    """A Pima split (the course's by default), imputed and rescaled with the grader's own
    preprocessing, learnt from its training part only."""
    split = split or pima_split()
    train = np.array(split.x_train)
    x_train, x_val = tm.preprocess(train, np.array(split.x_val))
    _, x_test = tm.preprocess(train, np.array(split.x_test))
    return Task(name, (7, 8, 1), x_train.tolist(), split.y_train, x_test.tolist(),
                split.y_test, eta=1.0, epochs=200, accuracy=PIMA_ACCURACY,
                x_val=x_val.tolist(), y_val=split.y_val)


def drawn_pima(task: Task, rng: np.random.Generator) -> Task:
    """Pima split afresh for one run: a stratified 60/20/20 split drawn from the run's
    generator, the seven measurements in a drawn order and each negated or not, then
    preprocessed from the training part. Negating a measurement turns its rescaled column
    into 1 - x, which a network trained on these data learns as easily. Drawing the order
    alone is not enough: the parameters the reference fits on the course's split, returned
    whatever the data, passed 261 of 300 grading runs with it (most measurements rise with
    the risk, so a shuffled order still reads as risk), and 15 with the negations too."""
    split = stratified_pima_split(int(rng.integers(2**31)), rng.permutation(7).tolist())
    negated = rng.integers(0, 2, 7).astype(bool)

    def turned(rows: list[list[float]]) -> list[list[float]]:
        return np.where(negated, -np.array(rows), np.array(rows)).tolist()

    return pima_task(replace(split, x_train=turned(split.x_train), x_val=turned(split.x_val),
                             x_test=turned(split.x_test)), task.name)


# On splits drawn fresh, the reference's test accuracy (200 epochs at most, patience 20,
# batches of 32, lr 1.0, 7-8-1) varies with the 126 women drawn for testing: over 900 runs
# its mean was 0.762 (sd 0.035), and 0.9% of runs fell below 0.665, 2.3% below 0.69 and 5%
# below 0.70; bench/fresh_tasks.py, 900 more runs, found 0.44% below 0.665. (Patience 10
# stopped 2% of runs at their second or third epoch, before the validation loss had come
# down.) With 2 of 3 runs required, each on its own split, 0.665 fails the reference on
# about 1 grading run in 5,000; tests/test_fresh_tasks.py measures 200 draws. Saying "no
# diabetes" to everyone scores 83 of 126 (0.659); 0.665 asks for 84. The course's fixed
# split allowed 0.74 (the reference reached at least 0.762 from seeds 1-10 on it), but a
# fixed split can be fitted offline, test part included.
PIMA_ACCURACY = 0.665
PIMA = pima_task()

QUESTIONS = (
    *(activation(name) for name in ACTIVATIONS),
    Question("softmax", (
        Example("worked example", 1.5, (
            Case(f"softmax({WORKED_S})", Call("softmax", (WORKED_S,)),
                 tm.softmax(np.array(WORKED_S)).tolist()),), MATRIX),
        Example("stable at +-1000 (no NaN)", 1.5, (
            Case(f"softmax({STABLE_S})", Call("softmax", (STABLE_S,)),
                 tm.softmax(np.array(STABLE_S)).tolist()),), MATRIX),
        Hidden("hidden case: a random batch", 3, softmax_calls, MATRIX, "a random batch"),
    )),
    loss_question("cross_entropy", (1, 1, 1.5, 0.75, 0.75)),
    loss_question("binary_cross_entropy", (0.5, 0.5, 1, 1, 1)),
    loss_question("mse", (0.5, 0.5, 1, 1, 1)),
    Question("forward", (
        Example("worked example: a 2-5-2 network on 3 samples", 1.5, (
            Case("forward on the lecture's 2-5-2 network",
                 Call("forward", (plain(WORKED_PARAMS), WORKED_X.tolist())),
                 plain(WORKED_CACHE)),), CACHE),
        Hidden("hidden case: random shapes", 2.25, forward_call, CACHE,
               "a random network and batch"),
        Hidden("hidden case: other random shapes", 2.25, forward_call, CACHE,
               "a random network and batch"),
    ), depends_on=("softmax", "tanh")),
    Question("backward", (
        Example("worked example: a 2-5-2 network on 3 samples", 1.5, (
            Case("backward on the lecture's 2-5-2 network",
                 Call("backward", (plain(WORKED_PARAMS), plain(WORKED_CACHE),
                                   WORKED_Y2.tolist())), worked_gradients()),), GRADIENTS),
        GradientsMatchLoss("gradients match finite differences (random shapes)", 3),
        Hidden("hidden case: random shapes", 2.25, backward_call, GRADIENTS,
               "a random network and batch"),
        Hidden("hidden case: other random shapes", 2.25, backward_call, GRADIENTS,
               "a random network and batch"),
    ), depends_on=("tanh",)),
    Question("train", (
        Example("lr = 0 leaves the parameters and repeats the loss", 1, (
            Case("train on the lecture's 2-5-2 network with lr=0, 2 epochs",
                 Call("train", (plain(WORKED_PARAMS), WORKED_X.tolist(), WORKED_Y2.tolist()),
                      {"lr": 0.0, "epochs": 2, "batch_size": 2}),
                 [plain(WORKED_PARAMS),
                  [tm.loss(WORKED_PARAMS, WORKED_X, WORKED_Y2) / len(WORKED_X)] * 2]),),
                TRAINED),
        Hidden("hidden case: 3 epochs, batches of 4", 2.5, train_call, TRAINED,
               "10 random samples and a random network", RTOL),
        Hidden("hidden case: 3 epochs, batches of 4, other shapes", 2.5, train_call, TRAINED,
               "10 random samples and a random network", RTOL),
    ), depends_on=("forward", "backward", "cross_entropy", "softmax", "tanh")),
    optimizer("sgd_step", (0.5, 0.75, 0.75), {"lr": 0.03}),
    optimizer("momentum_step", (1, 1.5, 1.5), {"lr": 0.03, "alpha": 0.9}),
    optimizer("momentum_pytorch_step", (1, 1.5, 1.5), {"lr": 0.03, "mu": 0.9}),
    optimizer("nesterov_step", (1, 1.5, 1.5), {"lr": 0.03, "mu": 0.9}),
    optimizer("adagrad_step", (1, 1.5, 1.5), {"lr": 0.5}),
    optimizer("rmsprop_step", (1, 1.5, 1.5), {"lr": 0.05}),
    optimizer("adam_step", (1, 1.75, 1.75), {"lr": 0.1},
              extra=(AdamFirstStep("first step moves by about lr * sign(g)", 1.5),)),
    Question("l2_gradient", (
        Example("worked example", 1, (
            Case("l2_gradient([[1, -2]], [[0.5, 3]], 0.1)",
                 Call("l2_gradient", ([[1.0, -2.0]], [[0.5, 3.0]], 0.1)), [[1.1, -1.4]]),),
                MATRIX),
        Hidden("hidden case: random weights", 2, l2_call, MATRIX, "random weights"),
    )),
    Question("dropout", (
        DropoutBehaves("inverted dropout with the given generator; none at test time", 4),
    )),
    Question("preprocess", (
        Example("worked example", 1.5, (
            Case("preprocess of a 4-row training part and a 2-row test part, NaN missing",
                 Call("preprocess", (WORKED_TRAIN, WORKED_TEST)),
                 plain(list(tm.preprocess(np.array(WORKED_TRAIN), np.array(WORKED_TEST))))),),
                PREPROCESSED),
        Hidden("hidden case: random parts with missing values", 3.5, preprocess_call,
               PREPROCESSED, "random training and test parts with missing values"),
    )),
    Question("fit_pima", (
        KeepsBestWeights("early stopping keeps the best weights", 2),
        Hidden("hidden case: at most 8 epochs on a small noisy problem", 1, fit_calls, FITTED,
               "a small random problem", RTOL),
        PimaConverges("learns Pima (held-out test accuracy)", 5, (PIMA,), seeds=(1, 2, 3),
                      required=2, redraw=drawn_pima, patience=20),
    ), depends_on=("sigmoid", "binary_cross_entropy")),
)



def at_suite_tolerance(question: Question) -> Question:
    """Every comparison of values at RTOL, which single precision meets (see above)."""
    return replace(question, checks=tuple(
        replace(check, rtol=RTOL) if isinstance(check, (Example, Hidden)) else check
        for check in question.checks))


SUITE = Suite("training", tuple(map(at_suite_tolerance, QUESTIONS)),
              solution="solutions/training/training.ipynb")
