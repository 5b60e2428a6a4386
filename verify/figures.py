"""Figures of claims: one helper for the landscape plots the papers draw (a heat map of a risk
over a square of 2-D weights, with contours and marked points). matplotlib with the Agg back end,
so it runs without a display."""
from __future__ import annotations

from typing import Mapping

import numpy as np


def draw_landscape(path, xs: np.ndarray, values: np.ndarray, marked: Mapping[str, tuple],
                   *, title: str, colorbar: str, levels: int = 20, legend: str = "lower left",
                   axes_lines: bool = False, digits: int = 4) -> None:
    """Write a heat map of ``values`` (len(xs) × len(xs), rows along w₂) to ``path`` with the
    points ``marked[label] = (point, value, marker)`` and their values in the legend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 5), dpi=120)
    mesh = ax.pcolormesh(xs, xs, values, shading="auto", cmap="viridis", rasterized=True)
    fig.colorbar(mesh, ax=ax, label=colorbar)
    ax.contour(xs, xs, values, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
    for label, (point, value, marker) in marked.items():
        ax.plot(*point, marker, color="red", markersize=10, label=f"{label}: ℓ = {value:.{digits}f}")
    if axes_lines:
        ax.axhline(0, color="grey", lw=0.5)
        ax.axvline(0, color="grey", lw=0.5)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_title(title)
    ax.legend(loc=legend, fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def grid(lo: float, hi: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(xs, points): an n × n grid of [lo, hi]², points as rows (w₁, w₂), w₂ the slow index."""
    xs = np.linspace(lo, hi, n)
    X, Y = np.meshgrid(xs, xs)
    return xs, np.stack([X.ravel(), Y.ravel()], axis=1)

