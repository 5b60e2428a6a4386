r"""How loose are DZPS19's theorems? ``python -m lemmas.dzps19.looseness [--seeds 20] [--out F.md]``

For Theorem 3.2 (gradient flow) and Theorem 4.1 (gradient descent), on fixed data (n points on
the sphere of R^n, labels uniform on [−1, 1] so C = 1, δ = 0.1), this prints:

* the width the theorem's explicit constants require (``DZPS19-X3``, with λ0 and C of the data);
* the smallest width at which the theorem's conclusion held in at least a 1 − δ fraction of the
  seeds (independent starts), found by bisection over integer widths in [1, 1024] — assuming the
  success fraction grows with m, which the bisection does not prove;
* their ratio; and for Theorem 4.1 also the step size the constants require (λ0/(4n²)) against
  the largest step, found by bisection, at which the conclusion held at m = 1024.

The conclusion is checked on a finite horizon: flow (Euler, η = 0.02) to t = 20; GD until the
theorem's bound has fallen to e⁻² (K = 4/(ηλ0) steps, at least 200), at every step.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from lemmas.dzps19.constants import required_width, step_size_required
from lemmas.dzps19.gram import gram_infinity
from lemmas.dzps19.network import Problem, sphere, train

DELTA, C, MAX_WIDTH = 0.1, 1.0, 1024
ROWS = (("T3.2", 5), ("T3.2", 10), ("T4.1", 5))


def data(n: int):
    rng = np.random.default_rng([n, 2019])
    return sphere(rng, n, n), rng.uniform(-C, C, n)


def start(X, y, m: int, seed: int) -> Problem:
    rng = np.random.default_rng([seed, m, len(X), 7])
    return Problem(X, y, rng.standard_normal((m, X.shape[1])), rng.choice([-1.0, 1.0], m))


def conclusion_holds(theorem: str, p: Problem, eta: float | None = None) -> bool:
    """The theorem's rate inequality at every step of the horizon."""
    if theorem == "T3.2":
        traj = train(p, 0.02, 1000, every=1000)
        bound = np.exp(-p.lam0 * traj.times)
    else:
        eta = step_size_required(p.n, p.lam0) if eta is None else eta
        steps = max(int(np.ceil(4 / (eta * p.lam0))), 200)
        traj = train(p, eta, steps, every=steps)
        bound = (1 - eta * p.lam0 / 2) ** np.arange(steps + 1)
    return bool(np.all(traj.residual2 <= bound * traj.residual2[0] * (1 + 1e-12)))


def success_fraction(theorem, X, y, m, seeds, eta=None) -> float:
    return float(np.mean([conclusion_holds(theorem, start(X, y, m, s), eta) for s in range(seeds)]))


def smallest_width(theorem, X, y, seeds) -> int | None:
    """The least m in [1, MAX_WIDTH] with success fraction ≥ 1 − δ (bisection; None if even
    MAX_WIDTH fails)."""
    ok = lambda m: success_fraction(theorem, X, y, m, seeds) >= 1 - DELTA
    if not ok(MAX_WIDTH):
        return None
    lo, hi = 0, MAX_WIDTH            # ok(hi); lo fails (m = 0 is no network)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    return hi


def largest_step(X, y, seeds, m=MAX_WIDTH, iterations=12) -> float:
    """The largest η (geometric bisection between λ0/(4n²) and 2/λ_max(H∞)) at which Theorem 4.1's
    conclusion held in ≥ 1 − δ of the seeds at width m."""
    lam = np.linalg.eigvalsh(gram_infinity(X))
    lo, hi = step_size_required(len(X), lam[0]), 2 / lam[-1]
    ok = lambda eta: success_fraction("T4.1", X, y, m, seeds, eta) >= 1 - DELTA
    if ok(hi):
        return hi                     # the table shows "≥" then: the search's upper end held
    for _ in range(iterations):
        mid = np.sqrt(lo * hi)
        lo, hi = (mid, hi) if ok(mid) else (lo, mid)
    return lo


def table(seeds: int) -> list[dict]:
    rows = []
    for theorem, n in ROWS:
        X, y = data(n)
        lam0 = float(np.linalg.eigvalsh(gram_infinity(X))[0])
        theory = required_width(theorem, n, lam0, DELTA, float(np.abs(y).max()))
        seen = smallest_width(theorem, X, y, seeds)
        row = {"theorem": theorem, "n": n, "lam0": lam0, "theory": theory, "seen": seen,
               "ratio": theory / seen if seen else None}
        if theorem == "T4.1":
            row["eta_theory"] = step_size_required(n, lam0)
            row["eta_seen"] = largest_step(X, y, seeds)
            row["eta_top"] = 2 / float(np.linalg.eigvalsh(gram_infinity(X))[-1])
        rows.append(row)
    return rows


def markdown(rows, seeds) -> str:
    lines = ["| theorem | n = d | λ0 | width required (X3) | smallest width that worked | ratio | step required | largest step that worked |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        eta = "— | —"
        if "eta_theory" in r:
            top = "≥ " if r["eta_seen"] >= r["eta_top"] * (1 - 1e-12) else ""
            eta = f"{r['eta_theory']:.2e} | {top}{r['eta_seen']:.2e} ({r['eta_seen'] / r['eta_theory']:.0f}×)"
        seen = r["seen"] if r["seen"] else f"> {MAX_WIDTH}"
        ratio = f"{r['ratio']:.1e}" if r["ratio"] else "—"
        lines.append(f"| {r['theorem']} | {r['n']} | {r['lam0']:.4f} | {r['theory']:.2e} | {seen} | {ratio} | {eta} |")
    lines.append(f"\nδ = {DELTA}, C = {C}; {seeds} seeds per width; 'worked' = the rate inequality held at every "
                 f"step in ≥ {1 - DELTA:.0%} of the seeds.")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lemmas.dzps19.looseness", description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None, help="also write the table (markdown) here")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.exit(2, f"--seeds: expected a positive integer, got {args.seeds}\n")
    began = time.perf_counter()
    text = markdown(table(args.seeds), args.seeds)
    print(text)
    print(f"({time.perf_counter() - began:.0f} s)")
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
