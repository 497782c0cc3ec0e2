"""Training speed: the reference sgd_nn against scikit-learn's MLPClassifier.

Both train the same architecture with logistic units, one sample per update, no
momentum and the same number of epochs: XOR on 2-4-1 for 2000 epochs and the Iris
training split on 4-8-3 for 500 epochs. Each is timed as the median of --runs runs, in
this process (no start-up). scikit-learn is a benchmark-only extra:
`pip install -e ".[bench]"`. The losses differ (the course's squared error, sklearn's
log-loss), so only time is compared; the final accuracies are printed as a sanity check.

    python bench/training.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from functools import partial
from pathlib import Path

import numpy as np
from autograder.datasets import iris_split, xor

from autograder import nn
from autograder.load import load

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "solutions" / "backprop" / "backprop.ipynb"


def reference_sgd_nn():
    """The reference's sgd_nn, from its notebook (trusted code: the course's own)."""
    namespace: dict = {}
    for cell in load(REFERENCE).cells:
        exec(compile(cell.source, f"cell {cell.index}", "exec"), namespace)  # noqa: S102
    return namespace["sgd_nn"]


def timed(train, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = train()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    warnings.simplefilter("ignore", ConvergenceWarning)
    sgd_nn = reference_sgd_nn()
    split = iris_split()
    tasks = [("XOR", (2, 4, 1), *xor(), *xor(), 2.0, 2000),
             ("Iris", (4, 8, 3), split.x_train, split.y_train, split.x_test, split.y_test,
              0.5, 500)]
    for name, sizes, x, y, x_test, y_test, eta, epochs in tasks:
        start = nn.to_lists(nn.random_network(np.random.default_rng(1), sizes))
        ours, (network, _) = timed(
            partial(sgd_nn, x, y, start, eta=eta, n_epochs=epochs, seed=1), args.runs)
        ours_accuracy = nn.accuracy(nn.as_network(network), np.asarray(x_test),
                                    np.asarray(y_test))
        labels = np.argmax(y, axis=1) if sizes[-1] > 1 else np.asarray(y)[:, 0]
        model = MLPClassifier(hidden_layer_sizes=(sizes[1],), activation="logistic",
                              solver="sgd", batch_size=1, momentum=0.0,
                              nesterovs_momentum=False, learning_rate_init=eta, alpha=0.0,
                              max_iter=epochs, tol=0.0, n_iter_no_change=epochs + 1,
                              shuffle=True, random_state=1)
        theirs, fitted = timed(partial(model.fit, np.asarray(x), labels), args.runs)
        test_labels = np.argmax(y_test, axis=1) if sizes[-1] > 1 else np.asarray(y_test)[:, 0]
        theirs_accuracy = float(np.mean(fitted.predict(np.asarray(x_test)) == test_labels))
        print(f"{name} {'-'.join(map(str, sizes))}, {len(x)} samples, {epochs} epochs: "
              f"reference {ours:.3f} s (accuracy {ours_accuracy:.2f}), MLPClassifier "
              f"{theirs:.3f} s (accuracy {theirs_accuracy:.2f}); MLPClassifier / reference "
              f"= {theirs / ours:.2f}")


if __name__ == "__main__":
    main()
