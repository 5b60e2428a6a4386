"""Decisions from repeated random runs (seeds), with their false-alarm probability stated.

* :func:`failure_rate_at_most` — "an event fails with probability ≤ δ", from the failures seen
  in n independent runs: holds when the Wilson upper end is ≤ δ, refuted when the lower end is
  > δ, otherwise undecided (too few runs to tell). Either wrong answer has probability ≤ α/2.
* :func:`joint_mean_test` — do S runs of N correlated statistics have the given means? Max-|t|
  with Bonferroni over the N statistics (valid under any correlation), Student-t quantiles.
* :func:`loglog_slope` — the slope of log(mean of y) against log x over several x, each with
  repeated samples, and a percentile bootstrap interval (resampling the samples within each x).
"""
from __future__ import annotations

from statistics import NormalDist
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


def student_t_two_sided(alpha: float, dof: int) -> float:
    """The t_{dof} quantile at 1 − α/2: bisection on P(|T| > t) = I_{dof/(dof+t²)}(dof/2, 1/2)
    (mpmath's regularised incomplete beta), which decreases in t; t lies above the normal quantile."""
    import mpmath

    with mpmath.workdps(30):
        def tail(t):
            return mpmath.betainc(mpmath.mpf(dof) / 2, mpmath.mpf(1) / 2, 0, dof / (dof + t * t), regularized=True)
        lo = mpmath.mpf(NormalDist().inv_cdf(1 - alpha / 2))
        hi = 2 * lo
        while tail(hi) > alpha:
            lo, hi = hi, 2 * hi
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if tail(mid) > alpha else (lo, mid)
        return float(hi)


def joint_mean_test(samples, reference, *, alpha: float = MC_FALSE_ALARM) -> tuple[bool, float, float, str]:
    """Do the columns of ``samples`` (S runs × N statistics, correlated in any way) have means
    ``reference``? Max-|t| over the N statistics against the Student-t quantile at α/N
    (Bonferroni: a false alarm has probability ≤ α whatever the correlation). Returns
    (ok, max |t|, threshold, detail)."""
    x = np.asarray(samples, dtype=float)
    ref = np.asarray(reference, dtype=float).ravel()
    if x.ndim != 2 or x.shape[0] < 3 or x.shape[1] != ref.size:
        raise ValueError("joint_mean_test needs S ≥ 3 runs × N statistics and N reference values")
    se = x.std(axis=0, ddof=1) / np.sqrt(x.shape[0])
    t = np.abs(x.mean(axis=0) - ref) / np.where(se > 0, se, np.inf)
    worst = float(np.max(t))
    threshold = student_t_two_sided(alpha / ref.size, x.shape[0] - 1)
    detail = (f"max |t| {worst:.2f} over {ref.size} statistics × {x.shape[0]} runs "
              f"(Bonferroni t threshold {threshold:.2f} at α = {alpha:g})")
    return worst <= threshold, worst, threshold, detail
