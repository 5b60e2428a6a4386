"""Certified inequalities: time to certify each demonstration (target < 60 s each on 2 cores),
boxes per second, and the time of the independent re-check.

Baseline, measured in the same run: the raw rate of one interval evaluation of the obligation's
translated expression on random sub-boxes (evaluations per second). boxes/s divided by it is the
cost of the branch and bound's bookkeeping and of the derivative evaluations per box.

Stress cases: the S5-angle obligation *without* factoring λ out (dependency between the λ
terms), Eq. 14's c1 >= -1 for k up to 10^6, and a quadratic form with an interior minimum of 1e-4
(no monotone face helps; only splitting and the mean-value form).

Run: python bench/bench_certify.py
"""
import random
import time
from fractions import Fraction

import sympy as sp

from lemmas.bg17.s5 import COMPACT, Q_TAU_K, gradient_coefficients, lam, q
from verify.certify import WORKING_BITS, _env, build_certificate, certify, compile_interval
from verify.obligations import Bound, Obligation
from verify.recheck import recheck
from verify.registry import load_claims
from flint import ctx


def evaluation_rate(ob, n=2000):
    f = compile_interval(ob.expression, ob.symbols)
    rng = random.Random(0)
    boxes = []
    for _ in range(n):
        box = []
        for b in ob.bounds:
            lo, hi = sorted(Fraction(rng.randint(0, 64), 64) * (b.hi - b.lo) + b.lo for _ in range(2))
            if b.integer:
                lo, hi = Fraction(int(lo)), Fraction(int(hi))
            box.append((lo, hi))
        boxes.append(tuple(box))
    with ctx.workprec(WORKING_BITS):
        t0 = time.perf_counter()
        done = 0
        for box in boxes:
            try:
                f(_env(box))
            except Exception:
                pass
            done += 1
        return done / (time.perf_counter() - t0)


def stress_obligations():
    c1 = gradient_coefficients()[0]
    unfactored = sp.cancel((1 - q) * (1 + lam * c1 - (1 - lam)).subs(COMPACT))  # λ not factored out
    x, y = sp.symbols("x y", real=True)
    return [Obligation("S5-angle unfactored", unfactored, (Bound(lam, 0, 1), *Q_TAU_K)),
            Obligation("Eq14 c1 >= -1, k <= 10^6", sp.cancel((1 - q) * (c1 + 1).subs(COMPACT)),
                       (*Q_TAU_K[:2], Bound(Q_TAU_K[2].symbol, 1, 10**6, integer=True))),
            Obligation("x²+xy+y²+1e-4 on [-1,1]²", x**2 + x * y + y**2 + sp.Rational(1, 10**4),
                       (Bound(x, -1, 1), Bound(y, -1, 1)))]


def main():
    registry = load_claims()
    cases = [(cid, registry.get(cid).certified_obligations()) for cid in
             ("BG17-L3.1", "BG17-Eq14", "BG17-S5-angle")]
    cases.append(("stress", stress_obligations()))
    print(f"{'case':<34} {'boxes':>7} {'leaves':>7} {'certify s':>10} {'boxes/s':>9} "
          f"{'evals/s':>9} {'ratio':>6} {'recheck s':>10}")
    for cid, obligations in cases:
        for ob in obligations:
            rate = evaluation_rate(ob)
            result = certify(ob)
            line = (f"{cid + ': ' + ob.name:<34} {result.boxes:>7} "
                    f"{len(result.leaves):>7} {result.seconds:>10.2f} "
                    f"{result.boxes_per_second:>9.0f} {rate:>9.0f} "
                    f"{result.boxes_per_second / rate:>6.2f}")
            if cid != "stress" and result.verdict == "holds":
                t0 = time.perf_counter()
                report = recheck({**build_certificate(cid, [result]),
                                  "obligations": [result.certificate(cid)]}, _Only(registry, cid, ob))
                line += f" {time.perf_counter() - t0:>10.2f}" + ("" if report.ok else " REJECTED")
            print(line + ("" if result.verdict == "holds" else f"  {result.verdict}"))


class _Only:
    """A registry view whose claim has just one obligation (to re-check obligations one by one)."""

    def __init__(self, registry, cid, ob):
        self.claim = registry.get(cid)
        self.ob = ob

    def get(self, cid):
        view = self

        class _Claim:
            def certified_obligations(self):
                return [view.ob]
        return _Claim()


if __name__ == "__main__":
    main()
