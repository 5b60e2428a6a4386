r"""Gaussian expectations by mpmath quadrature, reduced to the plane of the vectors by a rotation.

For :math:`x \sim \mathcal N(0, I_d)` and vectors :math:`a_1,\dots,a_n \in \mathbb R^d` spanning a
space of dimension :math:`r \le 2`, the projection of :math:`x` on that span is standard Gaussian
in any orthonormal basis :math:`(e_1, e_2)` of it (rotation invariance). So

.. math:: \mathbb E\,f(a_1^\top x,\dots,a_n^\top x)
          = \frac1{2\pi}\int_0^{2\pi}\!\!\int_0^\infty f\big(r\,\tilde a_1\!\cdot\! e_t,\dots\big)
            \,r\,e^{-r^2/2}\,dr\,dt,

with :math:`\tilde a_i` the coordinates of :math:`a_i` in the basis and :math:`e_t=(\cos t,\sin t)`.
The angular integrand has kinks (ReLU) or jumps (indicators) where some :math:`\tilde a_i\cdot e_t`
changes sign; every such angle is a breakpoint, so each piece is analytic and Gauss-Legendre
converges geometrically. For an integrand positively homogeneous of degree ``p`` (products of
ReLUs, indicators and projections are; the degree is checked on every piece) the radial integral
is done in closed form: :math:`\int_0^\infty r^{p+1}e^{-r^2/2}dr = 2^{p/2}\,\Gamma(p/2+1)`.
A general integrand (``degree=None``) gets a tanh-sinh radial quadrature along every ray (slow:
about 10 s for 15 digits of E[cos(a.x)]). Vectors spanning three dimensions are integrated over
the sphere (:func:`_expectation_sphere`; 5-17 s for 20 digits).

Nothing here knows any closed form it is used to check. The error estimate is the precision
ladder of :mod:`verify.tolerances`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import mpmath
from mpmath import mp

from . import tolerances
from .errors import InputError


MAX_RANK = 3
"""Vectors spanning up to 3 dimensions: a plane in polar coordinates, a 3-space in spherical."""


@dataclass(frozen=True)
class Estimate:
    """A value with an error bound (absolute, same shape as value: a scalar bound on the max-norm)."""

    value: object
    error: float


def _as_mp_vectors(vectors: Sequence[Sequence[float]]) -> list[list[mpmath.mpf]]:
    if not vectors:
        raise InputError("vectors: at least one vector is needed")
    dims = {len(v) for v in vectors}
    if len(dims) != 1:
        raise InputError(f"vectors: dimensions differ ({sorted(dims)})")
    out = []
    for i, v in enumerate(vectors):
        row = [mpmath.mpf(x) for x in v]
        if any(not mpmath.isfinite(x) for x in row):
            raise InputError(f"vectors[{i}]: entries must be finite (got NaN or inf)")
        out.append(row)
    return out


def plane_basis(vectors: Sequence[Sequence[float]], max_rank: int = 2) -> list[list[mpmath.mpf]]:
    """An orthonormal basis (at the current precision) of the span of ``vectors``.

    Modified Gram-Schmidt with a relative rank threshold; raises if the span has dimension
    above ``max_rank``.
    """
    vecs = _as_mp_vectors(vectors)
    scale = max(mpmath.sqrt(mpmath.fsum(x * x for x in v)) for v in vecs)
    if scale == 0:
        return []
    basis: list[list[mpmath.mpf]] = []
    threshold = scale * mpmath.mpf(10) ** (-(mp.dps // 2))
    for v in vecs:
        w = list(v)
        for _ in range(2):  # re-orthogonalise once for accuracy
            for e in basis:
                c = mpmath.fsum(a * b for a, b in zip(w, e))
                w = [a - c * b for a, b in zip(w, e)]
        n = mpmath.sqrt(mpmath.fsum(x * x for x in w))
        if n > threshold:
            if len(basis) == max_rank:
                raise InputError(f"vectors: they span more than {max_rank} dimensions; the "
                                 f"quadrature oracle handles rank <= {MAX_RANK}")
            basis.append([x / n for x in w])
    return basis


def _kink_angles(coords: list[tuple[mpmath.mpf, mpmath.mpf]]) -> list[mpmath.mpf]:
    """Angles t in [0, 2pi) where a.e_t = 0 for some plane vector a = (a1, a2)."""
    two_pi = 2 * mp.pi
    cuts = {mpmath.mpf(0), two_pi}
    for a1, a2 in coords:
        if a1 == 0 and a2 == 0:
            continue
        t0 = mpmath.atan2(a2, a1) + mp.pi / 2  # a.e_t = |a| cos(t - atan2(a2, a1))
        for t in (t0, t0 + mp.pi):
            cuts.add(t % two_pi)
    return sorted(cuts)


def _coordinates(vectors):
    """(coords, rank): the vectors in an orthonormal basis of their span, padded to rank >= 2."""
    vecs = _as_mp_vectors(vectors)
    basis = plane_basis(vectors, max_rank=MAX_RANK)
    if not basis:
        return None, 0
    rank = len(basis)
    if rank == 1:  # complete to a plane with any orthonormal vector: the law is unchanged
        b = basis[0]
        if len(b) == 1:
            return [(v[0] / b[0], mpmath.mpf(0)) for v in vecs], 1
        j = min(range(len(b)), key=lambda i: abs(b[i]))
        e = [mpmath.mpf(0)] * len(b)
        e[j] = mpmath.mpf(1)
        basis = plane_basis([b, e])
    coords = [tuple(mpmath.fsum(a * c for a, c in zip(v, e)) for e in basis) for v in vecs]
    return coords, rank


def _detect_degree(at, cuts) -> int | None:
    """The degree p with f(2z) = 2^p f(z) at the middle of the first piece where f != 0, if it is
    a non-negative integer holding on every piece; else None (not homogeneous)."""
    mids = [(lo + hi) / 2 for lo, hi in zip(cuts[:-1], cuts[1:]) if hi > lo]
    for m in mids:
        f1 = at(1, m)
        if f1 != 0:
            p = mpmath.log(abs(at(2, m) / f1), 2)
            k = int(mpmath.nint(p))
            if k < 0 or abs(p - k) > mpmath.mpf(10) ** (-(mp.dps // 2)):
                return None
            try:
                _check_homogeneous(at, cuts, k)
            except ValueError:
                return None
            return k
    return 0


def _check_homogeneous(at, cuts, degree):
    for lo, hi in zip(cuts[:-1], cuts[1:]):  # probe every piece: f(2z) = 2^p f(z)
        lhs, rhs = at(2, (lo + hi) / 2), 2**degree * at(1, (lo + hi) / 2)
        if abs(lhs - rhs) > mpmath.mpf(10) ** (-(mp.dps // 2)) * (1 + abs(lhs)):
            raise ValueError(f"integrand is not positively homogeneous of degree {degree}")


def _expectation_once(f: Callable, vectors, degree: int | None, method: str):
    coords, rank = _coordinates(vectors)
    if coords is None:  # every vector is zero: the projections are all 0
        return f(*[mpmath.mpf(0)] * len(vectors)), mpmath.mpf(0)
    if rank == 3:
        return _expectation_sphere(f, coords, degree, method)

    def at(r, t):
        c, s = mpmath.cos(t), mpmath.sin(t)
        return f(*[r * (a1 * c + a2 * s) for a1, a2 in coords])

    cuts = _kink_angles(coords)
    if degree == "auto":
        degree = _detect_degree(at, cuts)
    if degree is not None:
        radial = mpmath.mpf(2) ** (mpmath.mpf(degree) / 2) * mpmath.gamma(mpmath.mpf(degree) / 2 + 1)
        _check_homogeneous(at, cuts, degree)
        angular, err = _piecewise_quad(lambda t: at(1, t), cuts, method)
        return radial * angular / (2 * mp.pi), radial * err / (2 * mp.pi)
    # general integrand: the radial integral by tanh-sinh along each ray (f is smooth along a
    # ray through the origin when its kinks are hyperplanes through the origin)
    def ray(t):
        return mpmath.quad(lambda r: at(r, t) * r * mpmath.exp(-r * r / 2), [0, mpmath.inf])
    angular, err = _piecewise_quad(ray, cuts, method)
    return angular / (2 * mp.pi), err / (2 * mp.pi)


def _expectation_sphere(f: Callable, coords, degree: int | None, method: str):
    r"""Rank 3: :math:`\mathbb E f = c_p \int_{S^2} f(\omega)\,d\omega` with
    :math:`c_p=(2\pi)^{-3/2}2^{(p+1)/2}\Gamma((p+3)/2)`, :math:`\omega=(\sin\varphi\cos t,
    \sin\varphi\sin t,\cos\varphi)`. For fixed φ the kinks in t are where
    :math:`a_3\cos\varphi+\rho\sin\varphi\cos(t-\alpha)=0`; the inner integral is analytic in φ
    except where a kink circle touches the latitude (:math:`\tan\varphi=|a_3|/\rho`), a square-root
    end point that tanh-sinh handles; those φ are the outer breakpoints."""
    if degree is None:
        raise ValueError("the rank-3 quadrature needs a positively homogeneous integrand (degree=p)")
    if degree == "auto":
        probe = mp.pi / 3
        degree = _detect_degree(lambda r, t: f(*[r * (a1 * mpmath.sin(probe) * mpmath.cos(t)
                                                      + a2 * mpmath.sin(probe) * mpmath.sin(t)
                                                      + a3 * mpmath.cos(probe))
                                                 for a1, a2, a3 in coords]),
                                [mpmath.mpf(0), mpmath.mpf(1), mpmath.mpf(2), 2 * mp.pi])
        if degree is None:
            raise ValueError("the rank-3 quadrature needs a positively homogeneous integrand")
    p = mpmath.mpf(degree)
    const = (2 * mp.pi) ** mpmath.mpf(-1.5) * 2 ** ((p + 1) / 2) * mpmath.gamma((p + 3) / 2)
    polar = []
    for a1, a2, a3 in coords:
        rho = mpmath.sqrt(a1 * a1 + a2 * a2)
        polar.append((a3, rho, mpmath.atan2(a2, a1)))
    phi_cuts = {mpmath.mpf(0), +mp.pi}
    for a3, rho, _ in polar:
        if rho == 0 and a3 == 0:
            continue
        tangent = mpmath.atan2(abs(a3), rho)
        phi_cuts |= {tangent, mp.pi - tangent}
    phi_cuts = sorted(phi_cuts)

    def omega(phi, t):
        sp_, cp = mpmath.sin(phi), mpmath.cos(phi)
        return sp_ * mpmath.cos(t), sp_ * mpmath.sin(t), cp

    def at(r, phi, t):
        w1, w2, w3 = omega(phi, t)
        return f(*[r * (a1 * w1 + a2 * w2 + a3 * w3) for a1, a2, a3 in coords])

    def t_cuts(phi):
        two_pi = 2 * mp.pi
        cuts = {mpmath.mpf(0), two_pi}
        s_, c_ = mpmath.sin(phi), mpmath.cos(phi)
        for a3, rho, alpha in polar:
            if rho * s_ == 0:
                continue
            q = -a3 * c_ / (rho * s_)
            if abs(q) <= 1:
                d = mpmath.acos(q)
                cuts |= {(alpha + d) % two_pi, (alpha - d) % two_pi}
        return sorted(cuts)

    probe = (phi_cuts[0] + phi_cuts[1]) / 2
    _check_homogeneous(lambda r, t: at(r, probe, t), t_cuts(probe), degree)
    errors = []

    def inner(phi):
        value, err = _piecewise_quad(lambda t: at(1, phi, t), t_cuts(phi), method)
        errors.append(err)
        return value * mpmath.sin(phi)

    total, outer_err = mpmath.mpf(0), mpmath.mpf(0)
    for lo, hi in zip(phi_cuts[:-1], phi_cuts[1:]):
        if hi > lo:
            value, err = mpmath.quad(inner, [lo, hi], method="tanh-sinh", error=True)
            total += value
            outer_err += abs(err)
    inner_err = max(errors, default=mpmath.mpf(0)) * 2 * mp.pi * 2
    return const * total, const * (outer_err + inner_err)


def _piecewise_quad(h: Callable, cuts: list, method: str):
    """Integrate h over [cuts[0], cuts[-1]] piece by piece. Each piece is scaled by the size of
    h at its midpoint, because mpmath's stopping rule is absolute: unscaled, a piece of size 1e3
    never converges at full precision and one of size 1e-25 converges with no correct digit."""
    total, error = mpmath.mpf(0), mpmath.mpf(0)
    for lo, hi in zip(cuts[:-1], cuts[1:]):
        if hi <= lo:
            continue
        scale = abs(h((lo + hi) / 2)) or mpmath.mpf(1)
        value, err = mpmath.quad(lambda t: h(t) / scale, [lo, hi], method=method, error=True)
        total += value * scale
        error += abs(err) * scale + abs(value * scale) * mpmath.eps
    return total, error


def gaussian_expectation(f: Callable, vectors: Sequence[Sequence[float]], *, dps: int = 40,
                         degree: int | str | None, method: str = "gauss-legendre") -> Estimate:
    r""":math:`\mathbb E_{x\sim\mathcal N(0,I_d)} f(a_1^\top x, \dots, a_n^\top x)` by quadrature.

    ``f`` takes the n projections (mpmath numbers) and returns a number; ``degree`` declares
    its positive homogeneity (checked), is ``"auto"`` (detected on the pieces, general if none),
    or is None for a general integrand (radial integral by
    tanh-sinh along each ray; plane only, and much slower: ask for fewer digits). Vectors may
    span up to 3 dimensions (spherical coordinates for 3, homogeneous integrands). The error
    bound comes from the precision ladder (``dps`` and ``dps + LADDER_STEP``) plus mpmath's own
    estimate.

    >>> relu = lambda a: max(a, 0)
    >>> est = gaussian_expectation(lambda a: relu(a) ** 2, [[3.0, 4.0]], dps=30, degree=2)
    >>> mpmath.nstr(est.value, 20)   # E[relu(a.x)^2] = |a|^2 / 2
    '12.5'
    """
    results = []
    for rung in (dps, dps + tolerances.LADDER_STEP):
        with mp.workdps(rung):
            results.append(_expectation_once(f, vectors, degree, method))
    (lo, _), (hi, err_hi) = results
    with mp.workdps(dps + tolerances.LADDER_STEP):
        error = abs(hi - lo) + abs(err_hi) + mpmath.mpf(10) ** (-dps) * abs(hi)
    return Estimate(hi, float(error))
