r"""DLTPS18 — probabilities at random initialisation, the outcome table of WN-GD, and the
headline probability claims.

Main statements
---------------
* ``DLTPS18-PR1`` :math:`P(\phi_0<\pi/2)=P(a_0^\top a^*>0)=\tfrac12`, :math:`P(E_{\mathrm{glob}})=\tfrac14`,
  :math:`P(\cos\phi_0<c)=\tfrac12I_{1-c^2}(\tfrac{p-1}2,\tfrac12)` (c < 0).
* ``DLTPS18-PR2`` on :math:`E_{\mathrm{glob}}` every run reaches the global minimum (``EMP``).
* ``DLTPS18-PR3`` the outcome table (``EMP``); ``-PR4`` the adiabatic prediction; ``-PR5`` the
  sufficient event :math:`E_{\mathrm{spur}}`.
* ``DLTPS18-H2``–``H4`` (``SRC``) constant success probability, restarts, constant failure
  probability (caveat W2); ``DLTPS18-EX1`` the paper's experiments (not found: undecided).

Notation
--------
As in :mod:`lemmas.dltps18.model`; D14's ball start; ρ = (1ᵀa*)²/(k‖a*‖²).

Implementation notes
--------------------
The table is a sweep (:func:`verify.sweeps.run_sweep`) of 14 settings × 2000 runs, each setting
one vectorised call of :func:`lemmas.dltps18.simulate.outcomes`, stored in the cache keyed by the
source of the simulation, so every claim here reads the same runs. A "random" teacher of the
catalogue is rebuilt from its ρ: the outcome law depends on a* only through ‖a*‖ and 1ᵀa* (a
rotation fixing 1 maps the dynamics onto themselves), so ρ and k determine it.

References
----------
Catalogue ``shared/claims/du-lee-tian-poczos-singh-2018.md``: PR1–PR5, H2–H4, EX1, W2, R4, R5.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import time
from pathlib import Path

import mpmath
import numpy as np
import sympy as sp

from lemmas.dltps18.dynamics import teacher_with_rho
from lemmas.dltps18.simulate import angles, ball_starts, outcomes, separatrix
from verify import routes as R
from verify.cache import Cache, source_closure
from verify.domain import Domain, Integer, Real, sample
from verify.quadrature import Estimate
from verify.registry import Claim, register
from verify.results import Kind, Verdict
from verify.statistics import failure_rate_at_most
from verify.sweeps import run_sweep
from verify.tolerances import wilson_interval, z_two_sided

LOCATION = "catalogue (our simulation on the exact population loss)"
RUNS, ETA, MAX_STEPS = 2000, 0.1, 20_000

# (p, k, teacher, catalogue P(global)); a float teacher is a ρ (a "random" teacher of the catalogue)
ROWS = [(5, 2, 0.001, 0.501), (5, 5, 0.277, 0.774), (5, 4, "e1", 0.752), (5, 6, "mixed", 0.495),
        (5, 25, 0.019, 0.505), (5, 10, 0.396, 0.999), (5, 4, "half", 1.000), (25, 2, 0.001, 0.503),
        (25, 5, 0.277, 0.978), (25, 4, "e1", 0.929), (25, 6, "mixed", 0.528), (25, 25, 0.019, 0.569),
        (100, 4, "e1", 1 - 0.0045), (100, 3, "balanced", 0.469)]
"""The catalogue's P(global) per row (PR3's table; for p = 100 its PR4 text: P(spurious) 0.0045 for e₁,
and 0.531 for 1ᵀa* = 0, read as P(spurious))."""


def teacher(kind, k: int) -> np.ndarray:
    if isinstance(kind, float):
        return teacher_with_rho(k, kind, k)
    a = {"e1": np.eye(k)[0], "half": np.full(k, 0.5), "mixed": np.array([1, 1, 1, -1, -1, -0.5]),
         "balanced": np.array([1.0, -1.0, 0.0])}[kind]
    return a / np.linalg.norm(a)


def settings() -> list[dict]:
    return [{"p": p, "k": k, "teacher": t, "catalogue_global": c, "seed": i} for i, (p, k, t, c) in enumerate(ROWS)]


def one_setting(setting: dict) -> dict:
    """2000 ball starts of one setting run to their outcome."""
    start = time.perf_counter()
    a_star = teacher(setting["teacher"], setting["k"])
    V, A = ball_starts(RUNS, setting["p"], a_star, np.random.default_rng([18, setting["seed"]]))
    out = outcomes(V, A, np.eye(setting["p"])[0], a_star, ETA, MAX_STEPS)
    code = {"global": 0, "spurious": 1, "undecided": 2}
    return {**setting, "outcome": [code[o] for o in out["outcome"]], "phi0": out["phi0"].tolist(),
            "align0": out["align0"].tolist(), "loss": out["loss"].tolist(), "steps": out["steps"].tolist(),
            "seconds": time.perf_counter() - start}


def _store() -> Path:
    from lemmas.dltps18 import simulate
    closure = json.dumps([h for _, h in source_closure(simulate.__file__)] + [Path(__file__).read_text(), ROWS])
    return Cache().root / "sweeps" / f"dltps18-pr3-{hashlib.sha256(closure.encode()).hexdigest()[:16]}.jsonl"


def table(*, workers: int | None = None, progress: bool = False) -> list[dict]:
    """Every setting's runs (simulated now where not stored); a lock makes concurrent callers wait."""
    from verify.runner import default_jobs
    out = _store()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = run_sweep(one_setting, settings(), out, key=lambda s: s["seed"], workers=workers or default_jobs(),
                         progress=progress, describe=lambda r: f"p={r['p']} k={r['k']}: {r['seconds']:.1f} s")
    return sorted(done, key=lambda r: r["seed"])


def rates(row) -> dict:
    o = np.asarray(row["outcome"])
    return {"global": int((o == 0).sum()), "spurious": int((o == 1).sum()), "undecided": int((o == 2).sum()), "n": len(o)}


def adiabatic_global(row) -> float:
    """PR4: P(φ₀ < φ*) = 1 − ½I_{sin²φ*}((p − 1)/2, ½) for φ* > π/2 (½I for φ* < π/2); 1 if no φ*."""
    phi_star = separatrix(teacher(row["teacher"], row["k"]))
    if phi_star is None:
        return 1.0
    tail = 0.5 * float(mpmath.betainc((row["p"] - 1) / 2, 0.5, 0, np.sin(phi_star) ** 2, regularized=True))
    return 1 - tail if phi_star > np.pi / 2 else tail


# --- PR1: the start's angle law ------------------------------------------------------------------------
def catalogue_tail(p, c, shift=1):
    """½ I_{1−c²}((p − shift)/2, ½): P(cos φ₀ < c) for c < 0 (a control uses p/2)."""
    return 0.5 * mpmath.betainc((mpmath.mpf(p) - shift) / 2, mpmath.mpf(1) / 2, 0, 1 - mpmath.mpf(c) ** 2, regularized=True)


def tail_by_quadrature(pt, dps) -> Estimate:
    """P(cos φ₀ < c) from the angle's density ∝ sin^{p−2}φ on [0, π] (v₀ uniform on S^{p−1}):
    ∫_{arccos c}^{π} over ∫_0^π by quadrature (in φ: no end-point singularity, unlike the density
    (1 − t²)^{(p−3)/2} of cos φ₀ at p = 2)."""
    def tail():
        p, c = int(pt["p"]), mpmath.mpf(pt["c"])
        f = lambda t: mpmath.sin(t) ** (p - 2)   # noqa: E731
        return mpmath.quad(f, [mpmath.acos(c), mpmath.pi]) / mpmath.quad(f, [0, mpmath.pi / 2, mpmath.pi])
    low = tail()
    with mpmath.workdps(dps + 10):   # the precision ladder bounds the error
        high = tail()
        return Estimate(high, float(abs(high - low)))


def half_by_symmetry() -> list:
    """∫_0^{π/2} sin^{p−2} over ∫_0^π sin^{p−2} for p = 2..8 by SymPy (expect ½ each: P(φ₀ < π/2))."""
    t = sp.Symbol("t")
    return sp.Matrix([sp.integrate(sp.sin(t) ** (p - 2), (t, 0, sp.pi / 2)) / sp.integrate(sp.sin(t) ** (p - 2), (t, 0, sp.pi))
                      for p in range(2, 9)])


ANGLE_LAW = Domain(Integer("p", min_value=2, max_value=60), Real("c", -1, 0, open_lo=True, open_hi=True))


def start_frequencies(quarter=0.25):
    """Property: simulated frequencies of E_glob (n = 4000 per setting, 8 settings) and of
    cos φ₀ < −½ against ¼ and the formula, with Wilson 99.9% intervals (Bonferroni over 16)."""
    def predicate(setting):
        worst, lines = 0.0, []
        for i, (p, k) in enumerate([(2, 1), (3, 2), (5, 4), (5, 10), (25, 3), (25, 25), (100, 5), (400, 2)]):
            rng = np.random.default_rng([1, i])
            a_star = rng.standard_normal(k)
            V, A = ball_starts(4000, p, a_star, rng)
            phi0 = angles(V, np.eye(p)[0])
            for observed, expected in (((phi0 < np.pi / 2) & (A @ a_star > 0)).sum(), quarter), \
                                      ((np.cos(phi0) < -0.5).sum(), float(catalogue_tail(p, -0.5))):
                lo, hi = wilson_interval(int(observed), 4000, 1e-3 / 16)
                worst = max(worst, max(lo - expected, expected - hi, 0.0))
                lines.append(f"{observed / 4000:.3f}")
        return R.at_most(worst, 0.0, f"frequencies {', '.join(lines)} (E_glob, cos φ₀ < −½ per setting)")
    return predicate


register(Claim("DLTPS18-PR1", LOCATION.replace("our simulation on the exact population loss", "derived"), "DER",
               "P(φ₀ < π/2) = P(a₀ᵀa* > 0) = ½, P(E_glob) = ¼; P(cos φ₀ < c) = ½ I_{1−c²}((p−1)/2, ½)",
    statement=(r"P(\phi_0<\tfrac\pi2)=P(a_0^\top a^*>0)=\tfrac12,\ P(E_{\mathrm{glob}})=\tfrac14;\ c<0:\ P(\cos\phi_0<c)="
               r"\tfrac12I_{1-c^2}\big(\tfrac{p-1}2,\tfrac12\big)"),
    domain=ANGLE_LAW, assumptions=(r"v_0\ \text{rotation invariant},\ a_0\ \text{symmetric},\ \text{independent};\ p\ge2",),
    routes=(
        R.SymbolicRoute("symbolic: P(φ₀ < π/2) = ½ for p = 2..8 (so P(E_glob) = ¼ with an independent symmetric a₀)",
                        half_by_symmetry, sp.Matrix([sp.Rational(1, 2)] * 7)),
        *R.with_controls(lambda pt: catalogue_tail(pt["p"], pt["c"]), (
            R.Agreement(tail_by_quadrature, sample(6), "quadrature of the angle's density sin^{p−2}φ", Kind.QUADRATURE,
                        25),), {"p/2 for (p − 1)/2": lambda pt: catalogue_tail(pt["p"], pt["c"], 0)}),
        *R.on_settings("simulation: E_glob and cos φ₀ < −½ over 8 settings × 4000 starts", Kind.SIMULATION,
                       start_frequencies(), [{"starts": 4000}], {"P(E_glob) = ⅓": start_frequencies(1 / 3)}),
    ),
))


# --- PR2–PR5 and H2–H4 from the table -----------------------------------------------------------------
def by_event(event, expect_outcome, delta, name):
    """Property over the pooled table: among runs whose start satisfies ``event(row) -> mask``,
    those not ending in ``expect_outcome`` are rare: Wilson 99.9% upper end ≤ δ."""
    def predicate(setting):
        fails = total = 0
        for row in table():
            mask = event(row)
            total += int(mask.sum())
            fails += int((np.asarray(row["outcome"])[mask] != expect_outcome).sum())
        ok, text = failure_rate_at_most(fails, total, delta)
        return ok, fails / max(total, 1), f"{name}: {text}"
    return predicate


def e_glob(row):
    return (np.asarray(row["phi0"]) < np.pi / 2) & (np.asarray(row["align0"]) > 0)


def quadrant_minus_minus(row):
    return (np.asarray(row["phi0"]) > np.pi / 2) & (np.asarray(row["align0"]) < 0)


def e_spur(row):
    a_star = teacher(row["teacher"], row["k"])
    S, As = float(a_star.sum()), float(a_star @ a_star)
    phi0 = np.asarray(row["phi0"])
    g0 = (np.pi - phi0) * np.cos(phi0) + np.sin(phi0)
    return (np.asarray(row["align0"]) < 0) & (S**2 + (g0 - 1) * As < 0)


def beyond_separatrix(row):
    phi_star = separatrix(teacher(row["teacher"], row["k"]))
    return np.asarray(row["phi0"]) > (np.pi if phi_star is None else phi_star)


TABLE = [{"table": "PR3"}]


def table_claim(cid, tier, title, statement, evidence, uses, check, control, *, location=LOCATION, caveat=""):
    """A claim decided on the stored table: ``check`` = (route name, predicate), ``control`` =
    (label, wrong predicate), both run on the table's runs."""
    register(Claim(cid, location, tier, title, statement=statement, assumptions=(evidence,), uses=uses, cost=30,
                   caveat=caveat, routes=R.on_settings(check[0], Kind.SIMULATION, check[1], TABLE, dict([control]))))

table_claim("DLTPS18-PR2", "EMP", "On E_glob = {φ₀ < π/2, a₀ᵀa* > 0} WN-GD reaches the global minimum",
            r"P(\text{global}\mid E_{\mathrm{glob}})\approx1\ (\text{failure rate}\le0.005)",
            r"\text{the 14 settings of PR3, ball start, }\eta=0.1,\ \le2\cdot10^4\ \text{iterations}",
            ("DLTPS18-PR3", "DLTPS18-PR1"), ("the table's runs started in E_glob", by_event(e_glob, 0, 0.005, "E_glob")),
            ("the quadrant (−, −) instead", by_event(quadrant_minus_minus, 0, 0.005, "(−, −)")))


def table_matches_catalogue(shift=0.0):
    """Property: our P(global) and the catalogue's (an independent simulation of 2000 runs) agree in
    every row: two-proportion |z| ≤ z at 0.001/14 (Bonferroni); no more than 1% of runs undecided.
    A control shifts the catalogue's values by 0.1."""
    def predicate(setting):
        zcrit, worst, lines = z_two_sided(1e-3 / len(ROWS)), 0.0, []
        for row in table():
            r = rates(row)
            ours, theirs = r["global"] / r["n"], min(max(row["catalogue_global"] + shift, 0.0), 1.0)
            pooled = (ours + theirs) / 2
            se = np.sqrt(max(pooled * (1 - pooled), 1 / r["n"]) * 2 / r["n"])
            worst = max(worst, abs(ours - theirs) / se)
            if r["undecided"] > r["n"] / 100:
                return False, float(r["undecided"]), f"p={row['p']} k={row['k']}: {r['undecided']} undecided"
            lines.append(f"p={row['p']} k={row['k']} {row['teacher']}: {ours:.3f} ({theirs:.3f})")
        return R.at_most(worst, zcrit, f"max |z| {worst:.2f} (≤ {zcrit:.2f}); " + "; ".join(lines))
    return predicate


def early_stopping_agrees(sign_only=False):
    """Property: 300 runs of two settings simulated for 2·10⁴ steps without stopping end as
    :func:`outcomes` classified them (a control classifies by the sign of aᵀa* alone)."""
    def predicate(setting):
        from lemmas.dltps18.simulate import wn_gd
        wrong = 0
        for p, kind, k in ((5, "e1", 4), (25, 0.277, 5)):
            a_star = teacher(kind, k)
            V, A = ball_starts(150, p, a_star, np.random.default_rng([99, p]))
            early = outcomes(V, A, np.eye(p)[0], a_star, ETA, MAX_STEPS, sign_only=sign_only)["outcome"]
            traj = wn_gd(V, A, np.eye(p)[0], a_star, ETA, MAX_STEPS, every=MAX_STEPS)
            reached = traj.loss[-1] <= 1e-8 * traj.loss[0]
            wrong += int(np.sum((early == "global") != reached))
        return wrong == 0, float(wrong), f"{wrong} of 300 runs classified otherwise than their full 2·10⁴ steps"
    return predicate


register(Claim("DLTPS18-PR3", LOCATION, "EMP", "The outcome table: P(global), P(spurious) in 14 settings × 2000 runs",
    statement=r"P(\text{global}),\ P(\text{spurious})\ \text{per setting (Wilson 95\% intervals in the README table)}",
    assumptions=(r"\text{ball start (D14)},\ \eta=0.1,\ \le2\cdot10^4\ \text{iterations},\ \lVert a^*\rVert=1",),
    uses=("DLTPS18-DY1", "DLTPS18-DY4", "DLTPS18-C6"), cost=60,
    routes=(
        *R.on_settings("the table against the catalogue's independent simulation", Kind.SIMULATION,
                       table_matches_catalogue(), TABLE, {"catalogue + 0.1": table_matches_catalogue(0.1)}),
        *R.on_settings("early stopping against full-length runs (300 runs)", Kind.SIMULATION, early_stopping_agrees(),
                       [{"runs": 300}], {"spurious = aᵀa* < 0 alone": early_stopping_agrees(sign_only=True)}),
    ),
))


def adiabatic_agreement(constant=None, tolerance=0.05):
    """Property: |P(global) − PR4's prediction| ≤ 0.05 in every row (a control predicts ½ always)."""
    def predicate(setting):
        gaps = []
        for row in table():
            r = rates(row)
            predicted = adiabatic_global(row) if constant is None else constant
            gaps.append((abs(r["global"] / r["n"] - predicted), row["p"], row["k"], predicted))
        worst = max(gaps)
        return R.at_most(worst[0], tolerance, f"largest gap {worst[0]:.3f} at p={worst[1]} k={worst[2]} "
                                              f"(predicted {worst[3]:.3f})")
    return predicate


table_claim("DLTPS18-PR4", "DER",
            "Adiabatic prediction P(global) ≈ P(φ₀ < φ*) = 1 − ½I_{sin²φ*}((p−1)/2, ½); P(spurious) → 0 as p → ∞",
            (r"P(\text{global})\approx P(\phi_0<\phi^*)=1-\tfrac12I_{\sin^2\phi^*}\big(\tfrac{p-1}2,\tfrac12\big)\ "
             r"(\phi^*>\tfrac\pi2),\ =\tfrac12\ \text{if}\ \mathbf 1^\top a^*=0,\ =1\ \text{if C5 fails}"),
            r"\text{small } a_0\text{: } a \text{ relaxes (DY2, DY4) while } v \text{ barely moves}",
            ("DLTPS18-PR1", "DLTPS18-C7", "DLTPS18-PR3"),
            ("the table's P(global) against the prediction, every row", adiabatic_agreement()),
            ("½ everywhere", adiabatic_agreement(0.5)), location="catalogue (derived heuristic)")


def spur_event_empty_unless(event=e_spur):
    """Property: E_spur needs (1ᵀa*)² + (g − 1)‖a*‖² < 0 for some g ≥ 0, i.e. ρ < 1/k; it is empty in
    the table's rows with ρ ≥ 1/k and not empty in the others (a control drops the second condition).
    Rows with 1ᵀa* = 0 are left out: D14's ball then has radius 0, so a₀ = 0 and a₀ᵀa* < 0 never holds."""
    def predicate(setting):
        bad = []
        for row in table():
            a_star = teacher(row["teacher"], row["k"])
            if abs(float(a_star.sum())) < 1e-12:
                continue
            rho = float(a_star.sum() ** 2 / (row["k"] * a_star @ a_star))
            if (rho >= 1 / row["k"]) == bool(event(row).any()):
                bad.append(f"p={row['p']} k={row['k']}")
        return not bad, float(len(bad)), "rows contradicting 'E_spur ≠ ∅ iff ρ < 1/k': " + (", ".join(bad) or "none")
    return predicate


register(Claim("DLTPS18-PR5", LOCATION, "EMP", "E_spur = {a₀ᵀa* < 0, (1ᵀa*)² + (g(φ₀) − 1)‖a*‖² < 0} leads to the spurious point",
    statement=(r"P(\text{spurious}\mid E_{\mathrm{spur}})\approx1;\ E_{\mathrm{spur}}\neq\emptyset\iff\rho<\tfrac1k;\ "
               r"\{\phi_0>\phi^*\}\ \text{alone is not sufficient}"),
    assumptions=(r"\text{the runs of PR3}",), uses=("DLTPS18-PR3", "DLTPS18-DY3"), cost=30,
    routes=(
        *R.on_settings("the table's runs started in E_spur", Kind.SIMULATION, by_event(e_spur, 1, 0.005, "E_spur"),
                       TABLE, {"φ₀ > φ* suffices": by_event(beyond_separatrix, 1, 0.005, "φ₀ > φ*")}),
        *R.on_settings("E_spur is empty exactly when ρ ≥ 1/k", Kind.EVALUATION, spur_event_empty_unless(), TABLE,
                       {"E_spur = {a₀ᵀa* < 0} only": spur_event_empty_unless(lambda row: np.asarray(row["align0"]) < 0)}),
    ),
))


def recovery_bound(floor=0.2):
    """Property: the Wilson 99.9% lower end of P(global) is ≥ floor in every row (H2's constant)."""
    def predicate(setting):
        lows = [(wilson_interval(rates(r)["global"], rates(r)["n"])[0], r["p"], r["k"]) for r in table()]
        low = min(lows)
        return R.at_most(-low[0], -floor, f"smallest lower end {low[0]:.3f} (p={low[1]} k={low[2]}) against {floor}")
    return predicate


table_claim("DLTPS18-H2", "SRC", "WN-GD from a random start recovers (w*, a*) with constant probability",
            r"P\big((v_t,a_t)\to(w^*,a^*)\big)\ge c>0",
            r"\text{evidence: PR1 }(P(E_{\mathrm{glob}})=\tfrac14)\text{, PR2, PR3; the constant, step size and start law were not seen}",
            ("DLTPS18-PR1", "DLTPS18-PR2", "DLTPS18-PR3"), ("the table: P(global) ≥ 0.2 in every setting", recovery_bound()),
            ("≥ 0.6 in every setting", recovery_bound(0.6)), location="abstract")


def restarts(exponent=1):
    """Property at the p = 5, k = 2 row: best-of-m (the smallest final loss) fails as (1 − q̂)^m for
    m = 1..4 (Wilson 99.9% over the blocks of m runs), and the final loss separates the outcomes
    (every global run below every spurious one, which sit near ℓ_s > 0 by C3). A control claims
    (1 − q̂)^(2m)."""
    def predicate(setting):
        row = table()[0]
        o, loss = np.asarray(row["outcome"]), np.asarray(row["loss"])
        separated = loss[o == 0].max() < loss[o == 1].min()
        q = float((o == 0).mean())
        lines, ok = [], separated
        for m in (1, 2, 3, 4):
            blocks = len(o) // m
            fails = int(np.sum([np.all(o[i * m:(i + 1) * m] != 0) for i in range(blocks)]))
            lo, hi = wilson_interval(fails, blocks, 1e-3 / 4)
            claimed = (1 - q) ** (exponent * m)
            ok &= lo <= claimed <= hi
            lines.append(f"m={m}: {fails}/{blocks} vs {claimed:.3f}")
        return ok, 0.0, f"separated by the loss: {separated}; " + "; ".join(lines)
    return predicate


table_claim("DLTPS18-H3", "SRC", "Random restarts boost the success probability to 1",
            r"P(\text{all } m \text{ restarts fail})\le(1-q)^m\to0;\ \text{a success is recognised by }\ell<\ell_s",
            r"\text{independent restarts, each succeeding w.p.}\ \ge q\ (\text{H2});\ \ell_s>0\ (\text{C3})",
            ("DLTPS18-H2", "DLTPS18-C3", "DLTPS18-PR3"), ("the table's p = 5, k = 2 runs in blocks of m", restarts()),
            ("(1 − q)^(2m)", restarts(2)), location="abstract")

W2 = ("W2: the failure probability is constant only for teachers with 1ᵀa* ≈ 0. For fixed ρ > 0 it falls with p "
      "(a* = e₁, k = 4: the table's p = 5, 25, 100 rows), as PR4 predicts (→ 0); a converse theorem needs a hypothesis "
      "such as (1ᵀa*)² < ‖a*‖² (cf. PR5) or a p-dependent constant.")


def failure_probability(every_teacher=False):
    """Property: P(spurious) has Wilson 99.9% lower end ≥ 0.3 in the rows with ρ ≤ 0.02 (at p = 5, 25,
    100); a control claims ≥ 0.2 in every row at p = 100 (the e₁ row refutes it)."""
    def predicate(setting):
        lows = []
        for row in table():
            a_star = teacher(row["teacher"], row["k"])
            rho = float(a_star.sum() ** 2 / (row["k"] * a_star @ a_star))
            if (row["p"] == 100) if every_teacher else rho <= 0.02:
                r = rates(row)
                lows.append((wilson_interval(r["spurious"], r["n"])[0], row["p"], row["k"], r["spurious"] / r["n"]))
        low = min(lows)
        floor = 0.2 if every_teacher else 0.3
        return R.at_most(-low[0], -floor, f"{len(lows)} rows; smallest P(spurious) {low[3]:.3f} (lower end {low[0]:.3f}) "
                                          f"at p={low[1]} k={low[2]}")
    return predicate


table_claim("DLTPS18-H4", "SRC", "With constant probability WN-GD converges to the spurious local minimum",
            r"P\big((v_t,a_t)\to(-w^*,a_s)\big)\ge c>0",
            r"\text{evidence: PR3, PR5; holds uniformly in } p \text{ only for } \mathbf 1^\top a^*\approx0",
            ("DLTPS18-PR3", "DLTPS18-PR4", "DLTPS18-PR5", "DLTPS18-C5"),
            ("the table: P(spurious) ≥ 0.3 where ρ ≤ 0.02, at p = 5, 25, 100", failure_probability()),
            ("≥ 0.2 for every teacher at p = 100", failure_probability(True)), location="abstract", caveat=W2)


def experiments_not_found(setting):
    return None, 0.0, ("the experiments section could not be read (figure and table numbers, k, p, step size, runs, "
                       "reported rates); the suite's reference experiment is DY7's protocol (its figure: "
                       "verify figure DLTPS18-DY7)")


def talk_recollection(p_claimed=0.25):
    """The secondary source's '25% of the time' against the table's p = 5, k = 4, a* = e₁ row."""
    def predicate(setting):
        row = table()[2]
        r = rates(row)
        lo, hi = wilson_interval(r["spurious"], r["n"])
        return lo <= p_claimed <= hi, abs(r["spurious"] / r["n"] - p_claimed), (
            f"P(spurious) = {r['spurious'] / r['n']:.3f}, Wilson 99.9% [{lo:.3f}, {hi:.3f}] against {p_claimed}")
    return predicate


register(Claim("DLTPS18-EX1", "§ experiments (not found)", "EMP", "The paper's experiments: not found; DY7's protocol is the reference",
    statement=r"\text{the experiments section (figures, tables, settings) could not be read}",
    expect=Verdict.UNDECIDED, uses=("DLTPS18-DY7", "DLTPS18-PR3"), cost=30,
    assumptions=(r"\text{circumstantial: a talk recalled as 'stuck about 25\% of the time' (not the paper's text)}",),
    routes=(
        R.PredicateRoute("the paper's reported experiments", Kind.EVALUATION, experiments_not_found,
                         lambda rng: [{"section": "experiments"}]),
        *R.on_settings("the recollected 25% against the table (p = 5, k = 4, a* = e₁)", Kind.SIMULATION,
                       talk_recollection(), TABLE, {"50%": talk_recollection(0.5)}),
    ),
))
