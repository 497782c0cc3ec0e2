"""A training-assignment student's feedback page names the function that trained, fit_pima,
and what its losses measure; a stored report keeps both, and older ones read as sgd_nn's."""

import json

from autograder.report import html as feedback
from autograder.report import store
from autograder.report.model import Report, Training

PIMA_RUN = Training("Pima", (7, 8, 1), 1, [0.6, 0.5, 0.48], [[[0.0] * 8] * 8, [[0.0] * 9]],
                    0.77, "fit_pima", "mean binary cross-entropy, training part")


def test_the_page_names_fit_pima_and_not_sgd_nn():
    report = Report("ana.ipynb", "training", [], training=[PIMA_RUN])
    for shown in (report, store.loads(store.dumps(report))):
        page = feedback.render(shown)
        assert "<h2>Training with your fit_pima</h2>" in page
        assert "Loss per epoch of your fit_pima on Pima" in page
        assert "sgd_nn" not in page


def test_a_report_stored_before_runs_named_their_function_reads_as_sgd_nn():
    report = Report("old.py", "backprop", [], training=[
        Training("XOR", (2, 4, 1), 1, [0.5, 0.2], [[[0.0, 1.0, 1.0]] * 4,
                                                    [[0.0, 1.0, 1.0, 1.0, 1.0]]], 1.0)])
    stored = json.loads(store.dumps(report))
    for run in stored["report"]["training"]:
        del run["function"], run["loss"]
    (run,) = store.from_dict(stored).training
    assert (run.function, run.loss) == ("sgd_nn", "1/2 sum of squares")
    assert "<h2>Training with your sgd_nn</h2>" in feedback.render(store.from_dict(stored))
