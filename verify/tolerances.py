r"""Every tolerance and sample size the engine uses, with its derivation.

Nothing else in the code base holds a numeric tolerance; change one here and the reasoning next to
it must still hold.

Quadrature (precision ladder)
    A Gaussian expectation is computed by :mod:`verify.quadrature` twice, at ``dps`` and at
    ``dps + LADDER_STEP`` decimal digits. Both integrate a piecewise-analytic integrand split at
    every kink, so Gauss-Legendre converges geometrically on each piece; the higher rung is accurate
    to far more digits than the lower, so :math:`|Q_{dps} - Q_{dps+s}|` is an upper estimate of the
    error of the lower rung and therefore of the higher one. The reported error bound is that
    difference plus mpmath's own error estimate of the higher rung plus :math:`10^{-dps}` (rounding
    of the inputs). A comparison asking for ``digits`` significant digits requires
    ``dps >= digits + GUARD_DIGITS`` so that the oracle's own error is below the tolerance.

Finite differences
    ``mpmath.diff`` raises the working precision internally to compensate for cancellation, so a
    first or second derivative at ``dps`` digits is correct to about ``dps`` digits for an
    analytic function. The error is estimated by the same ladder (``dps`` and ``dps + LADDER_STEP``).

Monte Carlo
    A check at false-alarm probability :math:`\alpha` rejects when
    :math:`|\hat\mu - \mu_0| > z_{1-\alpha/2}\,\hat\sigma/\sqrt n`; with ``p`` points in one route the
    per-point level is :math:`\alpha/p` (Bonferroni), so the route as a whole raises a false alarm
    with probability at most :math:`\alpha`. The CLT approximation is adequate because every
    integrand here has a finite fourth moment and ``n`` is in the millions.

    Power. To reject a relative error :math:`\delta` with probability :math:`1-\beta` one needs
    :math:`\sqrt n\,\delta|\mu| \ge (z_{1-\alpha/2} + z_{1-\beta})\,\sigma`, i.e.
    :math:`n \ge ((z_{1-\alpha/2}+z_{1-\beta})\,\mathrm{cv}/\delta)^2` with
    :math:`\mathrm{cv}=\sigma/|\mu|`. For :math:`\sigma(u^\top x)\sigma(v^\top x)` the coefficient of
    variation is 2.24 at :math:`\theta=0`, 2.98 at :math:`\theta=\pi/2` and grows as
    :math:`\theta\to\pi` (3.5 at 2.0, 4.75 at 2.5). With :math:`\alpha=10^{-3}/8` (Bonferroni
    over 4 points and 2 components), :math:`\beta=10^{-2}`, :math:`\delta=1\%` and cv = 2.9:
    :math:`n \ge ((4.00+2.33)\cdot 290)^2 = 3.4\times10^6`, hence ``MC_DEFAULT_SAMPLES = 2**22``
    (4.19e6). Routes draw their Monte Carlo points where that power is reached (for g: θ ≤ 1.5). Every Monte Carlo check measures its own power (the smallest relative error it would
    reject with probability :math:`1-\beta`) and reports ``undecided`` if that exceeds
    ``MC_TARGET_RELATIVE_ERROR``, rather than ``holds`` on a check too weak to fail.

Symbolic probing
    When SymPy cannot reduce lhs - rhs to zero, the difference is evaluated at random points of the
    domain at ``SYMBOLIC_PROBE_DPS`` digits; it counts as a counterexample only if
    :math:`|lhs-rhs| > 10^{-SYMBOLIC\_PROBE\_DPS/2}(1+|lhs|)` at both ``SYMBOLIC_PROBE_DPS`` and twice
    that precision (so it is not rounding noise, which is about :math:`10^{-dps}`).
"""
from __future__ import annotations

from statistics import NormalDist

# --- quadrature / finite differences -------------------------------------------------------
LADDER_STEP = 10
"""Extra decimal digits of the upper rung of the precision ladder."""

GUARD_DIGITS = 8
"""Working digits beyond the digits a comparison asks for."""

QUADRATURE_DIGITS = 30
"""Significant digits the quadrature routes require (issue: >= 30)."""

GENERAL_QUADRATURE_DIGITS = 15
"""Digits asked of the general (non-homogeneous) quadrature: its radial tanh-sinh integral along
every ray costs about 10 s for 15 digits, so a claim on it asks for fewer."""

FINITE_DIFFERENCE_DIGITS = 25
"""Significant digits the finite-difference routes require (issue: >= 25)."""


def working_dps(digits: int) -> int:
    """Decimal digits to work at so that ``digits`` significant digits can be certified."""
    return digits + GUARD_DIGITS


def relative_tolerance(digits: int) -> float:
    return 10.0 ** (-digits)


# --- Monte Carlo ---------------------------------------------------------------------------
MC_FALSE_ALARM = 1e-3
"""Probability that a Monte Carlo route rejects a true claim (whole route, all points)."""

MC_MISS = 1e-2
"""beta: probability of missing a relative error of MC_TARGET_RELATIVE_ERROR."""

MC_TARGET_RELATIVE_ERROR = 0.01
"""The relative error every Monte Carlo check must be able to reject (issue: 1%)."""

MC_DEFAULT_SAMPLES = 2**22
"""Samples per point; derivation in the module docstring."""

MC_ZERO = 1e-12
"""A claimed value below MC_ZERO * scale counts as zero: Monte Carlo power is then absolute."""

MC_CHUNK = 2**18
"""Samples drawn per vectorised chunk: bounds memory at a few MB whatever ``n`` is."""


def z_two_sided(alpha: float) -> float:
    """The (1 - alpha/2) standard normal quantile."""
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha}")
    return NormalDist().inv_cdf(1 - alpha / 2)


def wilson_interval(successes: int, n: int, alpha: float = MC_FALSE_ALARM) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion at level 1 - alpha (simulation claims
    state their success fractions with it; exact enough at n in the hundreds)."""
    import math

    z = z_two_sided(alpha)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def z_one_sided(beta: float) -> float:
    return NormalDist().inv_cdf(1 - beta)


def minimum_detectable_relative_error(stderr: float, mean: float, alpha: float,
                                      beta: float = MC_MISS) -> float:
    """Smallest relative error rejected with probability 1 - beta at level alpha."""
    if mean == 0:
        return float("inf")
    return (z_two_sided(alpha) + z_one_sided(beta)) * stderr / abs(mean)


# --- symbolic probing ----------------------------------------------------------------------
SYMBOLIC_PROBE_DPS = 40
SYMBOLIC_PROBE_POINTS = 12
