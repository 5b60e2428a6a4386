"""Figures of claims: one helper for the landscape plots the papers draw (a heat map of a risk
over a square of 2-D weights, with contours and marked points). matplotlib with the Agg back end,
so it runs without a display."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np


def draw_landscape(path, xs: np.ndarray, values: np.ndarray, marked: Mapping[str, tuple],
                   *, title: str, colorbar: str, levels: int = 20, legend: str = "lower left",
                   axes_lines: bool = False, digits: int = 4) -> None:
    """Write a heat map of ``values`` (len(xs) × len(xs), rows along w₂) to ``path`` with the
    points ``marked[label] = (point, value, marker)`` and their values in the legend."""
    plt, fig, ax = _figure((6, 5))
    mesh = ax.pcolormesh(xs, xs, values, shading="auto", cmap="viridis", rasterized=True)
    fig.colorbar(mesh, ax=ax, label=colorbar)
    ax.contour(xs, xs, values, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
    for label, (point, value, marker) in marked.items():
        ax.plot(*point, marker, color="red", markersize=10, label=f"{label}: ℓ = {value:.{digits}f}")
    if axes_lines:
        ax.axhline(0, color="grey", lw=0.5)
        ax.axvline(0, color="grey", lw=0.5)
    ax.legend(loc=legend, fontsize=8)
    _finish(plt, fig, ax, path, title, "$w_1$", "$w_2$", legend=False)


def grid(lo: float, hi: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(xs, points): an n × n grid of [lo, hi]², points as rows (w₁, w₂), w₂ the slow index."""
    xs = np.linspace(lo, hi, n)
    X, Y = np.meshgrid(xs, xs)
    return xs, np.stack([X.ravel(), Y.ravel()], axis=1)


@dataclass(frozen=True)
class Landscape:
    """A risk over the square [−half_width, half_width]² of 2-D weights with marked points: the
    grid a figure draws and a route checks, and the values at the marked points, all from one
    vectorised ``risk`` (rows (w₁, w₂) -> values). ``marked[label] = (point, marker)``."""

    risk: Callable[[np.ndarray], np.ndarray]
    half_width: float
    marked: Mapping[str, tuple]
    n: int = 401

    def grid(self) -> tuple[np.ndarray, np.ndarray]:
        """(xs, values): the n × n grid of the risk, rows along w₂."""
        xs, W = grid(-self.half_width, self.half_width, self.n)
        return xs, self.risk(W).reshape(self.n, self.n)

    def values(self) -> dict[str, float]:
        return {label: float(self.risk(np.asarray([point], dtype=float))[0])
                for label, (point, _) in self.marked.items()}

    def draw(self, path, **style) -> None:
        """:func:`draw_landscape` of the grid with the marked points and their values."""
        values = self.values()
        draw_landscape(path, *self.grid(), {label: (point, values[label], marker)
                                            for label, (point, marker) in self.marked.items()}, **style)


def _figure(size):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt, *plt.subplots(figsize=size, dpi=120)


def _finish(plt, fig, ax, path, title, xlabel, ylabel, legend=True) -> None:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if legend:
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def draw_curves(path, curves: Mapping[str, np.ndarray], *, title: str, xlabel: str, ylabel: str,
                hlines: Mapping[str, float] = {}, ylim: tuple | None = None, logy: bool = False) -> None:
    """Line plot of ``curves[label] = y`` against their index, with labelled horizontal lines
    (a logarithmic y axis with ``logy``)."""
    plt, fig, ax = _figure((6, 4))
    if logy:
        ax.set_yscale("log")
    for label, y in curves.items():
        ax.plot(y, label=label)
    for label, y in hlines.items():
        ax.axhline(y, color="grey", lw=0.6, ls="--", label=label)
    if ylim:
        ax.set_ylim(*ylim)
    _finish(plt, fig, ax, path, title, xlabel, ylabel)


def draw_boxes(path, groups: Mapping[str, Sequence[float]], *, title: str, ylabel: str,
               line: tuple[str, float] | None = None) -> None:
    """Box plots, one per labelled group, with an optional labelled horizontal line."""
    plt, fig, ax = _figure((9, 4))
    ax.boxplot(list(groups.values()), showfliers=True)
    if line:
        ax.axhline(line[1], color="red", lw=1, label=line[0])
    ax.set_xticks(range(1, len(groups) + 1), list(groups), rotation=90, fontsize=7)
    _finish(plt, fig, ax, path, title, "", ylabel, legend=bool(line))
