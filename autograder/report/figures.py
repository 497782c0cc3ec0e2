"""Plots for feedback pages, as data: URIs, so that a page is one self-contained file.

matplotlib is imported inside the functions: grading never pays for it, only drawing does.
Figures are made without pyplot (no global state, no GUI backend) and rendered by Agg.
A plot that cannot be drawn from what the student's code produced raises NotDrawable,
whose message is the short note a page shows instead.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from autograder import nn
from autograder.datasets import xnor, xor
from autograder.report.model import Training

if TYPE_CHECKING:
    from matplotlib.figure import Figure

GRID = 121  # points per side of the decision-boundary grid
BOOLEAN_TARGETS = {"XOR": xor, "XNOR": xnor}


class NotDrawable(ValueError):
    """The data cannot make this plot; the message says why, for the page."""


def figure(width: float = 4.4, height: float = 3.3,
           layout: Literal["constrained", "compressed", "tight"] | None = None) -> Figure:
    """A new figure drawn by Agg, outside pyplot: safe in a grader and in threads.

    Without a layout engine (half the drawing time) the caller sets the margins.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def png_uri(fig: Figure) -> str:
    """The figure as a data:image/png;base64 URI; the figure is closed (if pyplot owns it)."""
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", metadata={"Software": None})
    finally:
        if getattr(fig.canvas, "manager", None) is not None:  # made by pyplot: release it
            import matplotlib.pyplot as plt

            plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def learning_curves(runs: Sequence[Training], title: str) -> str:
    """Loss per epoch, one line per seed; log scale when the losses span a decade or more.

    Non-finite losses (a diverged run) are left as gaps.
    """
    curves = [(run.seed, y) for run in runs if (y := as_losses(run.losses)) is not None]
    finite = np.concatenate([y[np.isfinite(y)] for _, y in curves] or [np.empty(0)])
    if finite.size == 0:
        raise NotDrawable(f"no learning curve for {title}: the training runs reported no "
                          "finite losses")
    fig = figure()
    fig.subplots_adjust(left=0.16, right=0.97, bottom=0.14, top=0.91)
    axes = fig.add_subplot()
    for seed, y in curves:
        axes.plot(np.arange(1, y.size + 1), y, label=f"seed {seed}", linewidth=1.6)
    if finite.min() > 0 and finite.max() / finite.min() >= 10:
        axes.set_yscale("log")
    axes.set(title=f"{title}: loss per epoch", xlabel="epoch", ylabel=f"loss ({runs[0].loss})")
    axes.grid(True, alpha=0.3)
    axes.legend(frameon=False)
    return png_uri(fig)


def as_losses(losses: object) -> np.ndarray | None:
    """One float per epoch, non-finite ones as NaN; None if the losses are not a flat list."""
    try:
        y = np.array(losses, dtype=np.float64)
    except (ValueError, TypeError):
        return None
    return np.where(np.isfinite(y), y, np.nan) if y.ndim == 1 else None


def boolean_network(run: Training) -> nn.Network:
    """The run's trained network as arrays, if it is a finite 2-input, 1-output network."""
    try:
        network = nn.as_network(run.network)
    except (ValueError, TypeError) as error:
        raise NotDrawable(f"the trained network is not a list of layers ({error})") from None
    shapes = [layer.shape for layer in network]
    inputs = 2
    for shape in shapes:
        if len(shape) != 2 or shape[1] != 1 + inputs:
            raise NotDrawable(f"the trained network's layers do not fit together: {shapes}")
        inputs = shape[0]
    if not network or inputs != 1:
        raise NotDrawable(f"the trained network does not map 2 inputs to 1 output: {shapes}")
    if not all(np.isfinite(layer).all() for layer in network):
        raise NotDrawable("the trained network holds NaN or infinite weights")
    return network


def decision_boundary(run: Training) -> str:
    """The trained network's output over [-0.5, 1.5]^2, measured with the grader's own
    forward pass, with its 0.5 contour and the four training points labelled by target."""
    network = boolean_network(run)
    axis = np.linspace(-0.5, 1.5, GRID)
    x, y = np.meshgrid(axis, axis)
    z = nn.outputs(network, np.column_stack([x.ravel(), y.ravel()]))[:, 0].reshape(x.shape)
    fig = figure(4.3, 3.6)
    fig.subplots_adjust(left=0.17, right=0.87, bottom=0.13, top=0.91)
    axes = fig.add_subplot()
    filled = axes.contourf(x, y, z, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.75)
    fig.colorbar(filled, ax=axes, label="network output", fraction=0.05, pad=0.03)
    if z.min() < 0.5 < z.max():
        axes.contour(x, y, z, levels=[0.5], colors="black", linewidths=2)
    points, targets = BOOLEAN_TARGETS[run.task]() if run.task in BOOLEAN_TARGETS else (
        xor()[0], [[None]] * 4)
    for (px, py), (target,) in zip(points, targets):
        colour = "grey" if target is None else "white" if target < 0.5 else "black"
        axes.scatter(px, py, s=110, c=colour, edgecolors="black", linewidths=1.5, zorder=3)
        label = f"({px:g}, {py:g})" if target is None else f"target {target:g}"
        axes.annotate(label, (px, py), xytext=(8, 8), textcoords="offset points",
                      fontsize=9, weight="bold",
                      bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.8})
    axes.set(title=f"{run.task}: decision boundary (seed {run.seed})", xlabel="x1", ylabel="x2",
             xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), aspect="equal")
    return png_uri(fig)


def is_boolean(run: Training) -> bool:
    """A run on a two-input, one-output task (the XOR family), whose boundary can be drawn."""
    return len(run.sizes) >= 2 and run.sizes[0] == 2 and run.sizes[-1] == 1
