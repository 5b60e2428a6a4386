r"""BG17 §7.2: the basin of attraction of the global minimum, over a grid of overlapping networks.

Main statements
---------------
* ``BG17-S7.2-basin``  the basin of w* has mass ≥ 1/17 for every network and teacher tried.

Implementation notes
--------------------
The paper's grid is in its unavailable supplementary (setup NOT FOUND); this is the suite's own:

* settings: filter size m ∈ {3, 4, 5, 6}, every overlap (stride 1..m − 1), k ∈ {2, 4} shifts, so
  d = (k − 1)·stride + m ∈ [5, 24] — 28 settings;
* teachers per setting (94): 30 each from U[−1, 1]^m, U[0, 1]^m and U[−2, ½]^m, plus 4 fixed ones
  (all ones, alternating ±1, e₁, (1, 2, …, m)/m) — 2632 teachers in all;
* restarts: ``RESTARTS`` starts w₀ ~ N(0, I_m)·‖w*‖/√m per teacher, gradient descent with step
  ``STEP`` for at most ``MAX_STEPS`` steps (runs that have converged stop early);
* success: ℓ(w_T) < 1e-8 ‖w*‖² (the global minimum is the only zero of ℓ; ``BG17-S7.1-opt``).

A teacher's basin mass is its success fraction, with a Wilson interval. The claim "mass ≥ 1/17"
is tested as: no teacher has a Wilson upper end below 1/17 (at 99.9%).

Running: ``python -m lemmas.bg17.s7_sweep --out sweep.jsonl [--workers 2]`` runs the settings
chunked across processes (one setting per task), shows progress, appends one JSON line per
finished setting and, when restarted, skips the settings already in the file (resume). It writes
``sweep.md`` (table) and ``sweep.png`` (plot) next to it. ``--scheduler ADDRESS`` runs the settings
on a Dask cluster instead (README).

References
----------
Catalogue ``shared/claims/brutzkus-globerson-2017.md``: BG17-S7.2-basin.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

from lemmas.bg17.s7 import descend, network_monte_carlo, overlap_gradient, overlap_risk
from verify.figures import draw_boxes
from verify.sweeps import run_sweep
from verify.tolerances import wilson_interval

FILTER_SIZES = (3, 4, 5, 6)
SHIFTS = (2, 4)
PER_LAW = 30
LAWS = ((-1.0, 1.0), (0.0, 1.0), (-2.0, 0.5))
RESTARTS = 24
STEP = 1.0
MAX_STEPS = 1500
SUCCESS = 1e-8
WILSON_ALPHA = 1e-3
THRESHOLD = 1 / 17
SEED = 20170807


def settings() -> list[dict]:
    out = []
    for m in FILTER_SIZES:
        for stride in range(1, m):
            for k in SHIFTS:
                out.append({"d": (k - 1) * stride + m, "m": m, "stride": stride, "k": k})
    return out


def teachers(m: int, rng: np.random.Generator) -> np.ndarray:
    drawn = [rng.uniform(lo, hi, (PER_LAW, m)) for lo, hi in LAWS]
    fixed = np.array([np.ones(m), (-1.0) ** np.arange(m), np.eye(m)[0], np.arange(1, m + 1) / m])
    return np.vstack([*drawn, fixed])


def run_setting(setting: dict, restarts: int = RESTARTS, seed: int = SEED) -> dict:
    """Every teacher of one setting, every restart, in one batch."""
    start = time.perf_counter()
    m, stride, k = setting["m"], setting["stride"], setting["k"]
    rng = np.random.default_rng([seed, setting["d"], m, stride, k])
    T = teachers(m, rng)
    V = np.repeat(T, restarts, axis=0)
    scale = np.linalg.norm(V, axis=1, keepdims=True)
    W0 = rng.standard_normal(V.shape) * scale / math.sqrt(m)
    W = descend(W0, V, stride, k, STEP, MAX_STEPS)
    success = overlap_risk(W, V, stride, k) < SUCCESS * scale[:, 0] ** 2
    stationary = np.abs(overlap_gradient(W, V, stride, k)).max(axis=1) < 1e-8 * scale[:, 0]
    counts = success.reshape(len(T), restarts).sum(axis=1)
    intervals = [wilson_interval(int(c), restarts, WILSON_ALPHA) for c in counts]
    return {**setting, "teachers": len(T), "restarts": restarts,
            "mass": (counts / restarts).tolist(), "upper": [hi for _, hi in intervals],
            "elsewhere": int((~success & stationary).sum()),       # at a spurious critical point
            "unconverged": int((~success & ~stationary).sum()),    # counted as failures
            "seconds": time.perf_counter() - start}


def sweep(out: Path, workers: int = 2, chosen=None, restarts: int = RESTARTS, progress=True,
          scheduler: str | None = None) -> list:
    """Run the settings not yet in ``out`` (resume), in parallel, appending as they finish."""
    return run_sweep(run_setting, chosen if chosen is not None else settings(), out,
                     key=lambda s: (s["d"], s["m"], s["stride"], s["k"]), workers=workers, scheduler=scheduler,
                     progress=progress, restarts=restarts, describe=lambda r: (
                         f"d={r['d']} m={r['m']} stride={r['stride']} k={r['k']}: min mass "
                         f"{min(r['mass']):.3f} ({r['seconds']:.1f} s)"))


def summary(results: list) -> dict:
    masses = [m for r in results for m in r["mass"]]
    below = sum(u < THRESHOLD for r in results for u in r["upper"])
    return {"settings": len(results), "teachers": sum(r["teachers"] for r in results),
            "runs": sum(r["teachers"] * r["restarts"] for r in results),
            "min_mass": min(masses), "median_mass": float(np.median(masses)),
            "elsewhere": sum(r.get("elsewhere", 0) for r in results),
            "unconverged": sum(r.get("unconverged", 0) for r in results),
            "confidently_below": below}


def table(results: list) -> str:
    lines = ["| d | m | stride | k | teachers | min mass | median | mean | Wilson upper < 1/17 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in sorted(results, key=lambda r: (r["m"], r["stride"], r["k"])):
        mass = np.array(r["mass"])
        below = sum(u < THRESHOLD for u in r["upper"])
        lines.append(f"| {r['d']} | {r['m']} | {r['stride']} | {r['k']} | {r['teachers']} | "
                     f"{mass.min():.3f} | {np.median(mass):.3f} | {mass.mean():.3f} | {below} |")
    return "\n".join(lines)


def plot(results: list, path: Path) -> None:
    results = sorted(results, key=lambda r: (r["m"], r["stride"], r["k"]))
    draw_boxes(path, {f"m{r['m']} s{r['stride']} k{r['k']}": r["mass"] for r in results},
               line=("1/17 (the paper's bound)", THRESHOLD), ylabel="basin mass of w* per teacher",
               title="BG17 §7.2: basin of the global minimum (gradient descent, random starts)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("sweep.jsonl"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--restarts", type=int, default=RESTARTS)
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler (pip install \".[dask]\")")
    args = parser.parse_args(argv)
    if args.workers < 1 or args.restarts < 1:
        print("s7_sweep: error: --workers and --restarts must be >= 1", file=sys.stderr)
        return 2
    results = sweep(args.out, args.workers, restarts=args.restarts, scheduler=args.scheduler)
    s = summary(results)
    args.out.with_suffix(".md").write_text(table(results) + "\n")
    plot(results, args.out.with_suffix(".png"))
    print(f"{s['settings']} settings, {s['teachers']} teachers, {s['runs']} runs: smallest basin "
          f"mass {s['min_mass']:.3f}, median {s['median_mass']:.3f}; teachers whose Wilson upper end "
          f"is below 1/17: {s['confidently_below']}; failed runs at a spurious critical point "
          f"{s['elsewhere']}, not converged in {MAX_STEPS} steps {s['unconverged']} (counted as failures)")
    print(f"table: {args.out.with_suffix('.md')}, plot: {args.out.with_suffix('.png')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# --- the claim ---------------------------------------------------------------------------------
import sympy as sp  # noqa: E402

from lemmas.bg17.s7 import eq7_estimate, eq7_risk_mp  # noqa: E402
from verify import routes as R  # noqa: E402
from verify.domain import Domain, Integer, Relation, Vector  # noqa: E402
from verify.finitediff import gradient as fd_gradient  # noqa: E402
from verify.registry import Claim, Expression, register  # noqa: E402
from verify.results import Kind  # noqa: E402

CHECKED_SETTINGS = ({"m": 3, "stride": 1, "k": 2}, {"m": 4, "stride": 2, "k": 4},
                    {"m": 5, "stride": 4, "k": 2}, {"m": 6, "stride": 3, "k": 4})


def basin_at_least(pt):
    """Four settings of the grid in-process: no teacher's Wilson upper end is below the bound."""
    results = [run_setting({**s, "d": (s["k"] - 1) * s["stride"] + s["m"]}) for s in CHECKED_SETTINGS]
    below = sum(u < pt["bound"] for r in results for u in r["upper"])
    smallest = min(min(r["mass"]) for r in results)
    teachers_ = sum(r["teachers"] for r in results)
    return below == 0, float(below), (f"{teachers_} teachers × {RESTARTS} restarts in 4 settings: "
                                      f"smallest basin mass {smallest:.3f}; teachers confidently "
                                      f"below {pt['bound']:.3f}: {below}")


def _mc_points(rng):
    return [{"w": rng.standard_normal(m), "w_star": rng.standard_normal(m), "stride": stride, "k": k}
            for m, stride, k in ((3, 1, 3), (4, 2, 3), (5, 3, 2))]


# any filter size, stride and number of shifts (d = (k − 1)·stride + m): the vectorised risk and
# gradient against the Eq. 7 double sum over explicit shifted rows at the working precision
OVERLAPS = Domain(Vector("w", dim="m", nonzero=True, max_dim=5, norms=(1e-2, 3)),
                  Vector("w_star", dim="m", nonzero=True, max_dim=5, norms=(1e-2, 3)),
                  Integer("stride", 1, draw_max=5), Integer("k", 1, draw_max=5),
                  relations=(Relation(r"\text{stride}\le m", lambda p: p["stride"] <= len(p["w"])),))


ARGS = ("w", "w_star", "stride", "k")  # the signature of overlap_risk, eq7_estimate and the rest


def _vectorised(fn, factor=1.0):
    """pt -> factor × fn(w, w*, stride, k) for one filter (a control passes factor ≠ 1)."""
    return lambda pt: (factor * fn(*(pt[a] for a in ARGS))[0]).tolist()


def restarts_needed(confidence):
    """The least n with (16/17)^n <= 1 − confidence."""
    return sp.ceiling(sp.log(1 - confidence) / sp.log(sp.Rational(16, 17)))


register(Claim("BG17-S7.2-basin", "§7.2", "SRC",
               "The basin of the global minimum has mass ≥ 1/17 (overlapping filters, m > 2)",
    statement=(r"\text{for every }(d,m,\text{overlap},w^*)\text{ tried: }\Pr_{w_0}[\text{GD}\to w^*]"
               r"\ge\tfrac1{17};\ (16/17)^n\le0.05\text{ for }n\ge50"),
    assumptions=(r"\text{the suite's grid (the paper's is not available): } m\in\{3,4,5,6\},\ "
                 r"\text{stride }1..m-1,\ k\in\{2,4\}", r"w_0\sim\mathcal N(0,I_m)\|w^*\|/\sqrt m",
                 r"\lambda=1,\ \le1500\text{ steps}"),
    uses=("BG17-Eq7", "BG17-S7.1-opt"), domain=OVERLAPS,
    routes=(
        R.SymbolicRoute("symbolic: restarts for 95% and 99% success at mass 1/17 are 50 and 76",
                        lambda: sp.Matrix([restarts_needed(sp.Rational(95, 100)),
                                           restarts_needed(sp.Rational(99, 100))]), sp.Matrix([50, 76])),
        # float64 code: 11 (risk) and 10 (gradient) of its 16 digits; a relative change of 1e-9 must fail
        *R.with_controls(_vectorised(overlap_risk), (R.Agreement(
            eq7_estimate, 12, "the vectorised risk (any m, stride, k) against the Eq. 7 sum over shifted rows",
            Kind.EVALUATION, 11, lambda pt: float(np.dot(pt["w"], pt["w"]) + np.dot(pt["w_star"], pt["w_star"])),
            args=ARGS),), {"risk × (1 + 1e-9)": _vectorised(overlap_risk, 1 + 1e-9)}),
        *R.with_controls(_vectorised(overlap_gradient), (R.Agreement(
            lambda pt, dps: fd_gradient(lambda w: eq7_risk_mp(w, *(pt[a] for a in ARGS[1:])), pt["w"], dps=dps), 12,
            "the vectorised gradient against finite differences of the Eq. 7 sum", Kind.FINITE_DIFFERENCE, 10,
            lambda pt: float(np.linalg.norm(pt["w"]) + np.linalg.norm(pt["w_star"]))),),
            {"gradient × (1 + 1e-9)": _vectorised(overlap_gradient, 1 + 1e-9)}),
        *R.with_controls(_vectorised(overlap_risk), (R.MonteCarlo(
            network_monte_carlo, _mc_points, "the vectorised risk (m = 3..5, strides 1..m−1) against Monte Carlo "
            "of the network", args=ARGS),), {"risk × 1.02": _vectorised(overlap_risk, 1.02)}),
        *R.on_settings("simulation: 4 settings × 94 teachers × 24 restarts, Wilson upper ends ≥ 1/17",
                       "simulation", basin_at_least, {"bound": THRESHOLD}, {"mass ≥ 0.9": {"bound": 0.9}}),
    ),
    expressions=(Expression("restarts for 95%", "n_{95}", lambda: restarts_needed(sp.Rational(95, 100))),),
))
