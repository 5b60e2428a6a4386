"""The DLLWZ19 kernels of n = 1000 unit rows at depth H = 10 (softplus; FC and ResNet, c_res = 1/2)
on one core, against the per-entry high-precision route in the same run.

* fast: :func:`lemmas.dllwz19.kernels.fc_kernels` / :func:`resnet_kernels` (Mehler's series,
  vectorised over all n² pairs); target ≤ 5 s each on one core;
* baseline: the per-entry mpmath recursion (:func:`lemmas.dllwz19.common.mp_pair`, 12 and 22
  digits), timed on ``SAMPLED`` entries and extrapolated to the n(n+1)/2 entries of the matrix;
* accuracy: the fast kernels against that route at the sampled entries (target 1e-10).

Run: python bench/bench_kernels.py  (about 4 minutes: the baseline is slow by design)
"""
import time

import numpy as np
from threadpoolctl import threadpool_limits

from lemmas.dllwz19.common import mp_pair, unit_rows
from lemmas.dllwz19.kernels import fc_kernels, resnet_kernels

SAMPLED = ((0, 1), (17, 503))


def main(n=1000, d=20, H=10):
    X = unit_rows(n, d, 20190609)
    fc_kernels(X[:3], "softplus", 2)   # c_σ and the Gauss–Hermite rule are computed once
    for arch, build in (("fc", lambda: fc_kernels(X, "softplus", H)), ("resnet", lambda: resnet_kernels(X, "softplus", H, 0.5))):
        with threadpool_limits(1):
            t0 = time.perf_counter()
            kern = build()
            fast = time.perf_counter() - t0
        gaps, errs, per_entry = [], [], []
        for i, j in SAMPLED:
            t0 = time.perf_counter()
            value, error = mp_pair(arch, X, "softplus", H, i, j, c_res=0.5, dps=12)
            per_entry.append(time.perf_counter() - t0)
            gaps.append(abs(kern.last[i, j] - value))
            errs.append(error)
        loop = float(np.mean(per_entry)) * n * (n + 1) / 2
        print(f"{arch}: n = {n}, H = {H}: {fast:.2f} s on one core (target ≤ 5 s); per-entry mpmath "
              f"{np.mean(per_entry):.1f} s → {loop / 3600:.0f} h for the matrix ({loop / fast:.1e}×); "
              f"max |fast − mpmath| at {len(SAMPLED)} entries {max(gaps):.1e} (mpmath ladder error ≤ {max(errs):.1e}; "
              f"target 1e-10); series error bound {kern.error:.1e}")


if __name__ == "__main__":
    main()
