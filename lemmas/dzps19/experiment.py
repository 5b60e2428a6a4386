r"""DZPS19 §5 — the synthetic experiment (Figure 1) and its three findings.

Set-up (X5.0, as in §5): n = 1000 points uniform on the unit sphere of R^1000, labels N(0, 1), the
output layer fixed, 100 full-batch GD steps. The paper's step size and widths are not recoverable
(catalogue); ours are η = 0.5, m ∈ {100, 200, 400, 800, 1600} and seeds 0–2 (one data set, the
starts differ), in float32. Metrics per epoch k: (a) the loss L(W(k)); (b) the fraction of the mn
patterns 𝕀{w_rᵀx_i ≥ 0} changed since the start; (c) max_r ‖w_r(k) − w_r(0)‖.

Findings (X5.1–X5.3), each as the log–log slope in m of a per-run quantity, with a 99% bootstrap
interval over the seeds: (1) the per-epoch loss contraction (L(50)/L(25))^(1/25) falls with m;
(2) the changed-pattern fraction at epoch 100 falls; (3) the distance at epoch 100 falls.

Running: ``verify figure DZPS19-X5.0 -o fig1.png`` draws the three panels; ``python -m
lemmas.dzps19.x5 [--workers 2] [--scheduler ADDRESS] [--widths 100,…,6400]`` runs the
sweep on the runner's executor (a Dask cluster takes larger widths) and prints the table. Runs are
stored (JSON lines, resumable) in the verify cache, keyed by this module's source, so the figure
and the three claims share one sweep.

Erratum E1: §5 prints the pattern metric as Σ_{i=1}^{m} Σ_{r=1}^{m} 𝕀{…}/(mn); the outer sum runs
over the n inputs (the text itself counts mn patterns).
"""
from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

from lemmas.dzps19.network import problem, train
from verify import routes as R
from verify.cache import Cache, source_closure
from verify.registry import Claim, Erratum, register
from verify.results import Kind, Role
from verify.statistics import loglog_slope
from verify.sweeps import run_sweep

N = D = 1000
ETA, EPOCHS = 0.5, 100
WIDTHS, SEEDS = (100, 200, 400, 800, 1600), (0, 1, 2)


def settings(widths=WIDTHS, seeds=SEEDS) -> list[dict]:
    return [{"m": m, "seed": s} for m in widths for s in seeds]


def changed_patterns(X, W0, W, printed_index: bool = False) -> float:
    """Metric (b): (1/(mn)) Σ_{i=1}^{n} Σ_{r=1}^{m} 𝕀{sign(w_r(0)ᵀx_i) ≠ sign(w_r(k)ᵀx_i)}. The
    printed form (E1) sums i = 1..m; where m > n the index runs past the data (an error)."""
    m, n = len(W0), len(X)
    rows = range(m) if printed_index else range(n)
    if printed_index and m > n:
        raise IndexError(f"printed metric: input index i = {n + 1} > n = {n}")
    Xi = X[list(rows)]
    return float(np.sum(np.sign(Xi @ W0.T) != np.sign(Xi @ W.T)) / (m * n))


def one_run(setting: dict) -> dict:
    """One width and seed of the §5 experiment: the three metrics at every epoch."""
    start = time.perf_counter()
    p = problem(N, D, setting["m"], setting["seed"])
    traj = train(p, ETA, EPOCHS, every=EPOCHS, dtype=np.float32)
    return {"m": setting["m"], "seed": setting["seed"], "lam0": p.lam0,
            "loss": (traj.residual2 / 2).tolist(), "flips": traj.flips.tolist(), "distance": traj.w_move.tolist(),
            "lam_min_start": float(traj.lam_min[0]), "lam_min_end": float(traj.lam_min[-1]),
            "seconds": time.perf_counter() - start}


def _store(widths, seeds) -> Path:
    # keyed by the text of this file and of the model it runs, and by the widths and seeds
    from lemmas.dzps19 import network
    sources = [Path(__file__).read_bytes().decode(), *(h for _, h in source_closure(network.__file__))]
    closure = json.dumps(sources + [list(widths), list(seeds)])
    return Cache().root / "sweeps" / f"dzps19-x5-{hashlib.sha256(closure.encode()).hexdigest()[:16]}.jsonl"


def results(widths=WIDTHS, seeds=SEEDS, *, workers: int = 1, scheduler: str | None = None,
            progress: bool = False) -> list[dict]:
    """Every run of the sweep (run now where not stored yet). A lock makes concurrent callers (the
    three claims in different worker processes) wait for one sweep instead of repeating it."""
    out = _store(widths, seeds)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = run_sweep(one_run, settings(widths, seeds), out, key=lambda s: (s["m"], s["seed"]), workers=workers,
                         scheduler=scheduler, progress=progress,
                         describe=lambda r: f"m={r['m']} seed={r['seed']}: {r['seconds']:.1f} s")
    wanted = {(m, s) for m in widths for s in seeds}
    return sorted((r for r in done if (r["m"], r["seed"]) in wanted), key=lambda r: (r["m"], r["seed"]))


def per_width(quantity) -> tuple[list[int], list[list[float]]]:
    """``quantity`` of every stored run, grouped by width (the sweep runs first, on every core,
    if it is not stored yet)."""
    from verify.runner import default_jobs

    runs = results(workers=default_jobs())
    widths = sorted({r["m"] for r in runs})
    return widths, [[quantity(r) for r in runs if r["m"] == m] for m in widths]


FINDINGS = {
    "X5.1": ("per-epoch loss contraction (epochs 25 → 50)", lambda r: (r["loss"][50] / r["loss"][25]) ** (1 / 25)),
    "X5.2": ("changed-pattern fraction at epoch 100", lambda r: r["flips"][-1]),
    "X5.3": ("max_r ‖w_r − w_r(0)‖ at epoch 100", lambda r: r["distance"][-1]),
}


def falls_with_width(finding: str, below: float = 0.0):
    """Predicate: the 99% bootstrap interval of the log–log slope lies below ``below`` (0 for the
    claim "falls with m"; a control asks for a slope below −1, faster than 1/m)."""
    label, quantity = FINDINGS[finding]

    def predicate(pt):
        widths, samples = per_width(quantity)
        slope, lo, hi = loglog_slope(widths, samples, seed=5)
        means = ", ".join(f"m={m}: {np.mean(s):.4g}" for m, s in zip(widths, samples))
        return R.at_most(hi, below, strict=True, detail=f"{label}: slope {slope:.3f}, 99% [{lo:.3f}, {hi:.3f}]; {means}")
    return predicate


# --- DZPS19-X5.0 -----------------------------------------------------------------------------------
def setup_holds(pt):
    """The §5 data as built: n = d = 1000 unit rows, λ0 of H∞ (from the public function), labels
    with mean and variance within 4 standard errors of N(0, 1); metric (b) in [0, 1] and equal to
    the fraction of changed (i, r) pairs counted one input at a time, on a real run (m = 100)."""
    p = problem(N, D, 100, 0)
    norms = np.abs(np.linalg.norm(p.X, axis=1) - 1).max()
    mean_z, var_z = abs(p.y.mean()) * np.sqrt(N), abs(p.y.var() - 1) / np.sqrt(2 / N)
    W = train(p, ETA, 10, every=10).W
    metric = changed_patterns(p.X, p.W0, W)
    by_input = sum(np.sum(np.sign(x @ p.W0.T) != np.sign(x @ W.T)) for x in p.X) / (100 * N)
    ok = norms < 1e-12 and p.lam0 > 0 and mean_z < 4 and var_z < 4 and 0 <= metric <= 1 and abs(metric - by_input) < 1e-15
    return ok, float(abs(metric - by_input)), (f"λ0 = {p.lam0:.4f} for the §5 data; labels z = {mean_z:.2f} (mean), "
                                               f"{var_z:.2f} (variance); metric (b) after 10 steps {metric:.4f}")


def printed_metric(pt):
    """E1, the printed form: Σ_{i=1}^{m} over inputs — at m = 100 < n it counts 100 inputs of 1000
    (so it is not the fraction of changed patterns); at m > n the index leaves the data."""
    p = problem(N, D, pt["m"], 0)
    W = train(p, ETA, 10, every=10).W
    try:
        printed = changed_patterns(p.X, p.W0, W, printed_index=True)
    except IndexError as exc:
        return False, 1.0, str(exc)
    truth = changed_patterns(p.X, p.W0, W)
    return abs(printed - truth) < 1e-12, abs(printed - truth), f"m = {pt['m']}: printed {printed:.5f} vs {truth:.5f}"


def draw_figure1(path) -> None:
    """Figure 1's three panels from the stored sweep (seed 0 curves; the band is min–max over seeds)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4), dpi=120)
    from verify.runner import default_jobs

    runs = results(workers=default_jobs())
    for m in sorted({r["m"] for r in runs}):
        group = [r for r in runs if r["m"] == m]
        for ax, key in zip(axes, ("loss", "flips", "distance")):
            curves = np.array([r[key] for r in group])
            line, = ax.plot(curves.mean(0), label=f"m = {m}")
            ax.fill_between(np.arange(curves.shape[1]), curves.min(0), curves.max(0), color=line.get_color(), alpha=0.2)
    for ax, title, log in zip(axes, ("training loss", "fraction of changed patterns", "max distance from start"),
                              (True, False, False)):
        ax.set_title(title)
        ax.set_xlabel("epoch")
        if log:
            ax.set_yscale("log")
    axes[0].legend(fontsize=8)
    fig.suptitle(f"DZPS19 Figure 1 (re-run): n = d = {N}, η = {ETA}, seeds {len(SEEDS)}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


SETUP = (r"n=d=1000,\ x_i\sim\mathrm{Unif}(\mathbb S^{999}),\ y_i\sim\mathcal N(0,1),\ a\text{ fixed},\ 100\text{ GD steps};"
         r"\ \eta=0.5,\ m\in\{100,\dots,1600\},\ 3\text{ seeds (ours: the paper's are not recoverable)}")
COST = 120

register(Claim("DZPS19-X5.0", "§5, Figure 1 (set-up)", "SRC",
               "The synthetic experiment: n = d = 1000 on the sphere, N(0, 1) labels, 100 GD steps, three metrics",
    statement=(r"\text{metrics: } L(W(k)),\ \frac{\sum_{i=1}^{n}\sum_{r=1}^{m}\mathbb I\{\mathrm{sign}(w_r(0)^\top x_i)\ne"
               r"\mathrm{sign}(w_r(k)^\top x_i)\}}{mn},\ \max_r\|w_r(k)-w_r(0)\|_2"),
    assumptions=(SETUP,), uses=("DZPS19-K1",), figure=draw_figure1,
    erratum=Erratum(
        printed="pattern metric: Σ_{i=1}^{m} Σ_{r=1}^{m} 𝕀{sign(w_r(0)ᵀx_i) ≠ sign(w_r(k)ᵀx_i)}/(mn)",
        corrected="the outer sum runs over the n inputs: Σ_{i=1}^{n} Σ_{r=1}^{m} 𝕀{…}/(mn)",
        evidence="At m = 100 < n = 1000 the printed index counts 100 of the 1000 inputs (after 10 GD steps: "
                 "a value 10x too small); at m = 2000 > n it runs past the data. The text itself counts mn "
                 "patterns, and i indexes inputs everywhere else. Confidence medium: the copy's inline LaTeX."),
    routes=(
        *R.on_settings("evaluation: the data, λ0, and metric (b) counted two ways", Kind.EVALUATION, setup_holds,
                       {"m": 100}, {"metric divided by m only": lambda pt: _metric_scale_control(pt)}),
        R.PredicateRoute("printed index Σ_{i=1}^{m} (m = 100, 2000)", Kind.EVALUATION, printed_metric,
                         lambda rng: [{"m": 100}, {"m": 2000}], role=Role.PRINTED),
    ),
))


def _metric_scale_control(pt):
    """Control: the metric divided by m only is not a fraction of the mn patterns (> 1 possible;
    here it is n times the fraction)."""
    p = problem(N, D, 100, 0)
    W = train(p, ETA, 10, every=10).W
    value = changed_patterns(p.X, p.W0, W) * N
    return 0 <= value <= 1, value, f"Σ/m = {value:.3f}"


for _finding, _title in (("X5.1", "The larger m, the faster the loss converges"),
                         ("X5.2", "The larger m, the smaller the fraction of changed activation patterns"),
                         ("X5.3", "The larger m, the smaller the maximal distance from the start")):
    register(Claim(f"DZPS19-{_finding}", "§5, Figure 1", "SRC", _title,
        statement=rf"\text{{{FINDINGS[_finding][0]}}}\ \text{{decreases in }} m",
        assumptions=(SETUP, r"\text{decided by the log–log slope's 99\% bootstrap interval over seeds}"),
        uses=("DZPS19-X5.0",), cost=COST,
        routes=R.on_settings(f"simulation: slope in m of the {FINDINGS[_finding][0]} < 0", Kind.SIMULATION,
                             falls_with_width(_finding), {"sweep": "X5"},
                             {"slope < −1": falls_with_width(_finding, below=-1.0)}),
    ))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lemmas.dzps19.x5", description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--scheduler", default=None, help="a Dask scheduler address")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--figure", type=Path, default=None, help="also draw Figure 1 here")
    args = parser.parse_args(argv)
    try:
        widths = tuple(int(w) for w in args.widths.split(","))
        if not widths or min(widths) < 1:
            raise ValueError
    except ValueError:
        print(f"--widths: expected positive integers separated by commas, got {args.widths!r}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    runs = results(widths, SEEDS, workers=args.workers, scheduler=args.scheduler, progress=True)
    print(f"{'m':>6} {'contraction 25→50':>18} {'changed fraction':>17} {'distance':>9} {'λ_min H(K)':>11}")
    for m in widths:
        g = [r for r in runs if r["m"] == m]
        print(f"{m:>6} {np.mean([FINDINGS['X5.1'][1](r) for r in g]):>18.4f} {np.mean([r['flips'][-1] for r in g]):>17.3e}"
              f" {np.mean([r['distance'][-1] for r in g]):>9.3f} {np.mean([r['lam_min_end'] for r in g]):>11.4f}")
    print(f"λ0 = {runs[0]['lam0']:.4f}; {sum(r['seconds'] for r in runs):.0f} s of runs, {time.perf_counter() - start:.0f} s wall")
    if args.figure:
        draw_figure1(args.figure)
        print(f"wrote {args.figure}")
    return 0
