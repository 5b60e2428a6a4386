r"""DZPS19 §3 and Appendix A — the least eigenvalue :math:`\lambda_0` of :math:`H^\infty`.

Main statements
---------------
* ``DZPS19-A3.1``  Assumption 3.1: :math:`\lambda_0=\lambda_{\min}(H^\infty)>0`, H∞ built from its
  defining expectation.
* ``DZPS19-T3.1``  Theorem 3.1: no two inputs parallel ⇒ λ0 > 0 — exact for n = 2, certified by
  ball arithmetic for n = 3 over every configuration with pairwise angles in [ε, π − ε]
  (ε = π/12), sampled for n ≤ 50.
* ``DZPS19-LA.1``  Lemma A.1: :math:`D_i\not\subset\bigcup_{j\ne i}D_j`, exhibited exactly.
* ``DZPS19-X1``    spectral facts of H∞ (diagonal ½, trace n/2, PSD, interlacing bounds).
* ``DZPS19-X2``    the boundary cases: near-parallel asymptotics λ0 = t/(2π) + O(t²); an
  antipodal pair is PD (the hypothesis is sufficient, not necessary); antipodal pairs with a
  linear relation make H∞ singular.

The certificate for n = 3 works in the pairwise angles θ_ij = π τ_ij: a triple is the angles of
three unit vectors iff their cosine Gram matrix is PSD, :math:`1-\sum c^2+2c_{12}c_{13}c_{23}\ge0`
(elsewhere the obligation is the constant 1). Sylvester's criterion makes H∞ PD iff ½ > 0,
¼ − h₁₂² > 0 (the n = 2 certificate) and det H∞ > 0 (the n = 3 certificate).
"""
from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from lemmas.common.kernels import step_kernel_from_gaussian_integral, theta
from lemmas.dzps19.gram import EPS, SETS, gram_by_quadrature, gram_infinity, lambda0
from verify import routes as R
from verify.domain import Domain, UnitRows
from verify.obligations import Bound, Obligation
from verify.registry import Claim, Expression, register
from verify.results import Kind, Role

GENERIC = Domain(UnitRows("X", rows=(2, 6), max_dim=6))
SMALL = Domain(UnitRows("X", rows=(2, 3), max_dim=3))
UP_TO_50 = Domain(UnitRows("X", rows=(2, 50), max_dim=8))
t = sp.Symbol("t", positive=True)          # the angle between two inputs


def entry(angle) -> sp.Expr:
    """H∞_ij at angle θ between unit inputs: cos θ (π − θ)/(2π), from the derived K1 kernel."""
    return sp.cos(angle) * step_kernel_from_gaussian_integral().subs(theta, angle)


def eigenvalue_tolerance(n: int) -> float:
    """eigvalsh's backward error n ε ‖H∞‖₂ with ‖H∞‖₂ ≤ tr H∞ = n/2, plus H∞'s own rounding."""
    return n * n * EPS / 2 + 8 * EPS


# --- DZPS19-A3.1 -----------------------------------------------------------------------------------
def positive_at_30_digits(duplicate=False):
    """Predicate: λ_min of H∞ built entry by entry from 30-digit quadrature of its definition
    (independent of the closed form) is > its error bound and equals :func:`lambda0` to the
    float eigensolver's error. A control appends a copy of row 0 (then λ0 = 0: not > the bound)."""
    def predicate(pt):
        X = np.vstack([pt["X"], pt["X"][:1]]) if duplicate else pt["X"]
        with mpmath.workdps(30):
            est = gram_by_quadrature(X, 30)
            n = len(X)
            H = mpmath.matrix(n, n)
            for k, v in enumerate(est.value):
                H[k // n, k % n] = v
            low = float(min(mpmath.eigsy(H, eigvals_only=True)))
        bound = n * est.error + 1e-25                 # Weyl: an entrywise error e moves λ by ≤ n e
        gap = abs(low - lambda0(X))
        ok = low > bound and gap <= eigenvalue_tolerance(n)
        return ok, gap, f"λ0 = {low:.6g} (30-digit quadrature; bound {bound:.0e}), float gap {gap:.1e}"
    return predicate


register(Claim("DZPS19-A3.1", "§3, Assumption 3.1", "SRC",
               "λ0 = λ_min(H∞) > 0, H∞_ij = E_w[x_iᵀx_j 𝕀{wᵀx_i ≥ 0, wᵀx_j ≥ 0}]",
    statement=(r"H^\infty_{ij}=\mathbb E_{w\sim\mathcal N(0,I)}[x_i^\top x_j\,\mathbb I\{w^\top x_i\ge0,"
               r"w^\top x_j\ge0\}],\quad \lambda_0:=\lambda_{\min}(H^\infty)>0"),
    domain=GENERIC, uses=("DZPS19-K1", "DZPS19-T3.1"),
    assumptions=(r"\text{the assumption holds for non-parallel data (DZPS19-T3.1); checked here at "
                 r"random non-parallel unit data}",),
    routes=(
        R.PredicateRoute("λ0 > 0 from the 30-digit quadrature of the definition, = lambda0(X)",
                         Kind.QUADRATURE, positive_at_30_digits(), SMALL.sample(4)),
        R.PredicateRoute("control (a duplicated row)", Kind.QUADRATURE, positive_at_30_digits(True),
                         SMALL.sample(2), role=Role.CONTROL),
    ),
))


# --- DZPS19-T3.1 -----------------------------------------------------------------------------------
CERTIFIED_EPS = Fraction(1, 12)
"""ε/π for the n = 3 certificate: pairwise angles in [π/12, 11π/12] (15° from parallel)."""
tau = sp.symbols("tau_12 tau_13 tau_23", nonnegative=True)


H12 = sp.Symbol("h", real=True)


def two_point_characteristic() -> sp.Expr:
    """det([[½, h], [h, ½]] − λI) at λ = ½ − |h|: zero, so ½ − |h| is an eigenvalue, and the
    other root ½ + |h| of the monic quadratic is the larger (λ_min = ½ − |h|, h = H∞_12)."""
    M = sp.Matrix([[sp.Rational(1, 2), H12], [H12, sp.Rational(1, 2)]])
    return (M - (sp.Rational(1, 2) - sp.Abs(H12)) * sp.eye(2)).det()


def three_point_obligations(eps=CERTIFIED_EPS, realisable=True) -> list[Obligation]:
    """det H∞ > 0 for n = 3 over θ_ij = π τ_ij ∈ [πε, π(1 − ε)] where the angles are those of
    three unit vectors; the control drops ``realisable`` (then it fails, e.g. at (ε, ε, π − ε))."""
    c = [sp.cos(sp.pi * s) for s in tau]
    h = [entry(sp.pi * s) for s in tau]
    det = sp.Rational(1, 8) - sum(x**2 for x in h) / 2 + 2 * h[0] * h[1] * h[2]
    gram_det = 1 - sum(x**2 for x in c) + 2 * c[0] * c[1] * c[2]
    expr = sp.Piecewise((det, gram_det >= 0), (1, True)) if realisable else det
    box = tuple(Bound(s, eps, 1 - eps) for s in tau)
    return [Obligation("det H∞ > 0 (n = 3)", expr, box, strict=True, reduction=(
        "H∞ for three unit inputs depends only on the pairwise angles; a triple of angles is "
        "realised by unit vectors iff the cosine Gram determinant 1 − Σc² + 2c₁₂c₁₃c₂₃ ≥ 0 "
        "(the Gram matrix has unit diagonal). With ½ > 0 and ¼ − h² > 0 (the n = 2 certificate), "
        "det > 0 makes H∞ positive definite (Sylvester)."))]


def two_point_obligations(eps=CERTIFIED_EPS) -> list[Obligation]:
    s = sp.Symbol("tau", nonnegative=True)
    return [Obligation("½ − |h(πτ)| > 0 (n = 2)", sp.Rational(1, 2) - sp.Abs(entry(sp.pi * s)),
                       (Bound(s, eps, 1),), strict=True,
                       reduction="λ_min for n = 2 is ½ − |h| (symbolic route); τ = θ/π")]


def positive_sampled(pt):
    """Property: λ0 > the eigensolver's error bound (n up to 50)."""
    X = pt["X"]
    low, tol = lambda0(X), eigenvalue_tolerance(len(X))
    return low > tol, float(max(tol - low, 0)), f"n={len(X)} d={X.shape[1]}: λ0 = {low:.3e} (> {tol:.0e})"


def duplicated(pt):
    """Control: the same property with row 0 repeated (parallel rows: λ0 = 0)."""
    return positive_sampled({"X": np.vstack([pt["X"], pt["X"][:1]])})


register(Claim("DZPS19-T3.1", "§3, Theorem 3.1; proof in Appendix A", "SRC",
               "No two inputs parallel ⇒ λ0 > 0",
    statement=r"x_i\nparallel x_j\ \forall i\ne j\ \Longrightarrow\ \lambda_0=\lambda_{\min}(H^\infty)>0",
    domain=UP_TO_50, uses=("DZPS19-K1", "DZPS19-LA.1"),
    assumptions=(rf"\text{{certified for }} n\le3 \text{{ with every angle in }} [\pi/{int(1 / CERTIFIED_EPS)},"
                 rf"\pi-\pi/{int(1 / CERTIFIED_EPS)}];\ \text{{sampled for }} n\le50",),
    routes=(
        R.SymbolicRoute("symbolic: n = 2, λ_min = ½ − |h| is a root of det(H∞ − λI)",
                        two_point_characteristic, 0),
        R.CertifiedRoute("certified: n = 2, ½ − |h| > 0 for θ ∈ [π/12, π]", two_point_obligations),
        R.CertifiedRoute("certified: n = 3, det H∞ > 0 for every realisable angle triple in [π/12, 11π/12]³",
                         three_point_obligations),
        R.CertifiedRoute("control (n = 3 without the realisability condition): certified",
                         lambda: three_point_obligations(realisable=False), role=Role.CONTROL),
        R.PredicateRoute("λ0 > eigensolver error, n ≤ 50", Kind.EVALUATION, positive_sampled, 12),
        R.PredicateRoute("control (a duplicated row)", Kind.EVALUATION, duplicated, 4, role=Role.CONTROL),
    ),
    # |h| written as √(h²): LaTeX readers do not parse \left| … \right|
    expressions=(Expression("two-point least eigenvalue", r"\lambda_0(n=2)",
                            lambda: sp.Rational(1, 2) - sp.sqrt(entry(t) ** 2, evaluate=False), {t: r"\theta_{12}"}),),
))


# --- DZPS19-LA.1 -----------------------------------------------------------------------------------
def _exact(v) -> list[Fraction]:
    return [Fraction(float(x)) for x in v]


def _dot(u, v) -> Fraction:
    return sum((a * b for a, b in zip(u, v)), Fraction(0))


def hyperplane_point_off_the_others(X: np.ndarray, tries: int = 5):
    """For each i, a point z of D_i = {w: wᵀx_i = 0} with zᵀx_j ≠ 0 for every j ≠ i, in exact
    rational arithmetic on the float data (every float is a rational): z = g − (gᵀx_i/‖x_i‖²) x_i
    for small-integer g. Returns (ok, min over i of min_j |zᵀx_j|, the i that failed)."""
    rows = [_exact(x) for x in X]
    rng = np.random.default_rng(len(X))
    worst = None
    for i, xi in enumerate(rows):
        found = None
        for _ in range(tries):
            g = [Fraction(int(k)) for k in rng.integers(-9, 10, len(xi))]
            z = [gk - _dot(g, xi) / _dot(xi, xi) * xk for gk, xk in zip(g, xi)]
            assert _dot(z, xi) == 0
            off = min(abs(_dot(z, xj)) for j, xj in enumerate(rows) if j != i)
            if off > 0:
                found = off
                break
        if found is None:
            return False, 0.0, i
        worst = found if worst is None else min(worst, found)
    return True, float(worst), None


def escapes_other_hyperplanes(antiparallel=False):
    """Predicate (exact): every D_i has a point on no other D_j. A control appends −x_0, which is
    parallel to x_0 (excluded by the hypothesis): then D_0 = D_n and no such point exists."""
    def predicate(pt):
        X = np.vstack([pt["X"], -pt["X"][:1]]) if antiparallel else pt["X"]
        ok, margin, failed = hyperplane_point_off_the_others(X)
        return ok, margin, (f"min_i min_(j≠i) |zᵀx_j| = {margin:.3g} (exact)" if ok
                            else f"every tried z ∈ D_{failed} lies on another D_j")
    return predicate


register(Claim("DZPS19-LA.1", "Appendix A, Lemma A.1", "SRC",
               "If x_i is parallel to no other x_j, D_i ⊄ ∪_{j≠i} D_j",
    statement=r"x_i\nparallel x_j\ \forall j\ne i\ \Longrightarrow\ D_i\not\subset\bigcup_{j\ne i}D_j,"
              r"\quad D_i=\{w:w^\top x_i=0\}",
    domain=Domain(UnitRows("X", rows=(2, 8), max_dim=6)),
    routes=(
        R.PredicateRoute("exact rational point of D_i off every other D_j", Kind.EVALUATION,
                         escapes_other_hyperplanes(), 10),
        R.PredicateRoute("control (append −x_0)", Kind.EVALUATION, escapes_other_hyperplanes(True), 3,
                         role=Role.CONTROL),
    ),
))


# --- DZPS19-X1 -------------------------------------------------------------------------------------
def spectral_facts(pt, interlacing=1.0):
    """H∞_ii = ½, tr = n/2, λ_min ≥ −tol, λ0 ≤ ½ − c·max_{i≠j}|H_ij| + tol (c = 1: 2 × 2
    principal submatrices and Cauchy interlacing), λ_max ≥ ½ − tol."""
    X = pt["X"]
    H, n = gram_infinity(X), len(X)
    ev, tol = np.linalg.eigvalsh(H), eigenvalue_tolerance(n)
    off = np.abs(H - np.diag(np.diag(H))).max()
    gaps = {"diag": np.abs(np.diag(H) - 0.5).max(), "trace": abs(np.trace(H) - n / 2) - n * EPS,
            "psd": -ev[0] - tol, "interlacing": ev[0] - (0.5 - interlacing * off) - tol,
            "λmax": 0.5 - ev[-1] - tol}
    bad = {k: v for k, v in gaps.items() if v > 0}
    return not bad, float(max(max(gaps.values()), 0)), (
        f"λ0 = {ev[0]:.4f} ≤ ½ − max|H_ij| = {0.5 - off:.4f}" if not bad else f"fails: {sorted(bad)}")


register(Claim("DZPS19-X1", "catalogue (derived)", "DER",
               "H∞_ii = ½, tr H∞ = n/2, H∞ ⪰ 0, λ0 ≤ ½ − max_{i≠j}|H∞_ij|, λ_max ≥ ½",
    statement=(r"H^\infty_{ii}=\tfrac12,\ \operatorname{tr}H^\infty=\tfrac n2,\ H^\infty\succeq0,\ "
               r"\lambda_0\le\tfrac12-\max_{i\ne j}|H^\infty_{ij}|\le\tfrac12\le\lambda_{\max}"),
    domain=SETS, uses=("DZPS19-K1", "DZPS19-K2"),
    routes=(
        R.SymbolicRoute("symbolic: H∞_ii = H(θ = 0) = ½", lambda: entry(sp.Integer(0)), sp.Rational(1, 2)),
        R.PredicateRoute("the five facts at random unit data", Kind.EVALUATION, spectral_facts, 16),
        R.PredicateRoute("control (λ0 ≤ ½ − 2 max|H_ij|)", Kind.EVALUATION,
                         lambda pt: spectral_facts(pt, interlacing=2.0), 8, role=Role.CONTROL),
    ),
))


# --- DZPS19-X2 -------------------------------------------------------------------------------------
def near_parallel_ratio(scale=1):
    """Predicate at angles t ∈ [1e-8, 0.1] (40 digits): |λ_min/(scale·t/(2π)) − 1| ≤ 2t, i.e.
    λ_min = t/(2π) + O(t²) (the series gives 1 + πt/2 − …); a control uses t/π (scale 2)."""
    def predicate(pt):
        with mpmath.workdps(40):
            tt = mpmath.mpf(pt["t"])
            low = mpmath.mpf(1) / 2 - mpmath.cos(tt) * (mpmath.pi - tt) / (2 * mpmath.pi)
            ratio = low / (scale * tt / (2 * mpmath.pi))
            gap = float(abs(ratio - 1) - 2 * tt)
        return gap <= 0, max(gap, 0.0), f"t = {pt['t']:.1e}: ratio {float(ratio):.7f}"
    return predicate


def float_matches_40_digits(kahan=True):
    """Predicate: :func:`lambda0` of two float unit vectors at angle t is within 8ε of the
    40-digit ½ − cos θ(π − θ)/(2π) at their actual angle. A control takes θ = arccos(x₁ᵀx₂)
    (error ≈ ε/t: 3.5e-9 at t = 1e-8)."""
    def predicate(pt):
        x = np.array([[1.0, 0.0], [np.cos(pt["t"]), np.sin(pt["t"])]])
        x[1] /= np.linalg.norm(x[1])
        if kahan:
            got = lambda0(x)
        else:
            h = x[0] @ x[1] * (np.pi - np.arccos(x[0] @ x[1])) / (2 * np.pi)
            got = 0.5 - abs(h)
        with mpmath.workdps(40):
            a, b = [mpmath.mpf(float(v)) for v in x[1]]
            angle = mpmath.atan2(b, a)
            exact = mpmath.mpf(1) / 2 - mpmath.cos(angle) * (mpmath.pi - angle) / (2 * mpmath.pi)
        gap = abs(got - float(exact))
        return gap <= 8 * EPS, gap, f"t = {pt['t']:.1e}: |float − exact| = {gap:.1e}"
    return predicate


def near_parallel_angles(rng):
    return [{"t": float(10 ** x)} for x in (-8, -6, -3, -1, *rng.uniform(-8, -1, 4))]


def antipodal_pairs(rng, rotate: float = 0.0):
    """Three antipodal pairs in R² (x₃ = αx₁ + βx₂ always): v = (α, β, −1, −α, −β, 1) is a null
    vector of H∞ since φ(x) − φ(−x) = x. ``rotate`` turns x₆ = −x₃ by that angle (a control)."""
    out = []
    for _ in range(4):
        angles = rng.uniform(0, np.pi, 3)
        P = np.stack([np.cos(angles), np.sin(angles)], axis=1)
        c, s = np.cos(rotate), np.sin(rotate)
        last = -P[2] @ np.array([[c, s], [-s, c]])
        out.append({"X": np.vstack([P, -P[:2], last])})
    return out


def singular_antipodal(pt):
    """λ_min(H∞) and ‖H∞ v‖/‖v‖ within the eigensolver's tolerance of 0 for the null vector v."""
    X = pt["X"]
    alpha, beta = np.linalg.solve(X[:2].T, X[2])
    v = np.array([alpha, beta, -1, -alpha, -beta, 1])
    H = gram_infinity(X)
    low, residual = lambda0(X), np.linalg.norm(H @ v) / np.linalg.norm(v)
    tol = eigenvalue_tolerance(6) + 8 * EPS * (1 + abs(alpha) + abs(beta))
    ok = abs(low) <= tol and residual <= tol
    return ok, float(max(abs(low), residual)), f"λ_min = {low:.1e}, ‖H∞v‖/‖v‖ = {residual:.1e}"


register(Claim("DZPS19-X2", "catalogue (derived): boundary cases of Theorem 3.1", "DER",
               "Near-parallel λ0 = t/(2π) + O(t²); an antipodal pair is PD; antipodal pairs with a "
               "linear relation are singular",
    statement=(r"\lambda_{\min}\begin{pmatrix}\frac12&h(t)\\h(t)&\frac12\end{pmatrix}=\tfrac12-\cos t\,"
               r"\frac{\pi-t}{2\pi}=\frac t{2\pi}+O(t^2);\quad H^\infty(x,-x)=\tfrac12I;\quad"
               r"\sum\alpha_k(\varphi(x_k)-\varphi(-x_k))=\sum\alpha_kx_k=0\Rightarrow\lambda_0=0"),
    domain=(), uses=("DZPS19-T3.1", "DZPS19-K1"),
    assumptions=(r"\text{two unit inputs at angle } t\in(0,\pi];\ \text{antipodal pairs in } \mathbb R^2",),
    routes=(
        R.SymbolicRoute("symbolic: lim λ_min/(t/(2π)) = 1 as t → 0",
                        lambda: sp.limit((sp.Rational(1, 2) - entry(t)) / (t / (2 * sp.pi)), t, 0), 1),
        R.SymbolicRoute("symbolic: an antipodal pair has H∞_12 = h(π) = 0, so H∞ = ½I (PD: the "
                        "hypothesis is sufficient, not necessary)", lambda: entry(sp.pi), 0),
        *R.on_settings("40 digits: |λ_min/(t/(2π)) − 1| ≤ 2t for t ∈ [1e-8, 0.1]", Kind.EVALUATION,
                       near_parallel_ratio(), near_parallel_angles, {"t/π for t/(2π)": near_parallel_ratio(2)}),
        *R.on_settings("lambda0 of two near-parallel float rows within 8ε of 40 digits", Kind.EVALUATION,
                       float_matches_40_digits(), near_parallel_angles,
                       {"θ = arccos ρ": float_matches_40_digits(kahan=False)}),
        *R.on_settings("three antipodal pairs with x₃ = αx₁ + βx₂: H∞ singular", Kind.EVALUATION,
                       singular_antipodal, antipodal_pairs,
                       {"x₆ turned 0.3 rad off −x₃": antipodal_pairs(np.random.default_rng(0), 0.3)}),
    ),
    expressions=(Expression("near-parallel least eigenvalue", r"\lambda_0(t)",
                            lambda: sp.series(sp.Rational(1, 2) - entry(t), t, 0, 3).removeO(),
                            {t: "t"}),),
))
