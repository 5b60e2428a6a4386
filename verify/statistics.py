"""Decisions from repeated random runs (seeds), with their false-alarm probability stated.

* :func:`failure_rate_at_most` — "an event fails with probability ≤ δ", from the failures seen
  in n independent runs: holds when the Wilson upper end is ≤ δ, refuted when the lower end is
  > δ, otherwise undecided (too few runs to tell). Either wrong answer has probability ≤ α/2.
* :func:`loglog_slope` — the slope of log(mean of y) against log x over several x, each with
  repeated samples, and a percentile bootstrap interval (resampling the samples within each x).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .tolerances import MC_FALSE_ALARM, wilson_interval

BOOTSTRAP_RESAMPLES = 2000


def failure_rate_at_most(failures: int, n: int, delta: float,
                         alpha: float = MC_FALSE_ALARM) -> tuple[bool | None, str]:
    """(True / False / None, a one-line account) for "P(failure) ≤ δ" from ``failures`` of ``n``."""
    lo, hi = wilson_interval(failures, n, alpha)
    text = (f"{failures}/{n} failed; Wilson {100 * (1 - alpha):g}% interval [{lo:.3f}, {hi:.3f}] "
            f"against δ = {delta:g}")
    if hi <= delta:
        return True, text
    if lo > delta:
        return False, text
    return None, text + " (too few runs to decide)"


def loglog_slope(xs: Sequence[float], samples: Sequence[Sequence[float]], *, seed: int = 0,
                 alpha: float = 0.01, resamples: int = BOOTSTRAP_RESAMPLES) -> tuple[float, float, float]:
    """(slope, lower, upper): least-squares slope of log mean(samples[k]) on log xs[k], and its
    (1 − α) percentile bootstrap interval. Every sample must be positive."""
    logx = np.log(np.asarray(xs, dtype=float))
    groups = [np.asarray(s, dtype=float) for s in samples]
    if len(groups) != len(logx) or len(logx) < 2 or any(g.size == 0 or (g <= 0).any() for g in groups):
        raise ValueError("loglog_slope needs ≥ 2 widths, each with positive samples")

    def slope(means):
        return float(np.polyfit(logx, np.log(means), 1)[0])

    rng = np.random.default_rng(seed)
    boot = [slope([g[rng.integers(0, g.size, g.size)].mean() for g in groups]) for _ in range(resamples)]
    lo, hi = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
    return slope([g.mean() for g in groups]), float(lo), float(hi)
