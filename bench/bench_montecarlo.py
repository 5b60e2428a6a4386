"""Monte Carlo throughput against numpy's raw normal draw rate, measured in the same run.

Baseline: drawing the same standard normals the estimator needs (rank r of the vectors per
sample) with ``Generator.standard_normal(out=...)`` and nothing else. Target: the estimator of
g(u, v) = E[relu(u.x) relu(v.x)] reaches >= 0.7x the baseline's samples/s, and the same cost at
d = 2 and d = 1000 (it samples the exact law of the projections; see verify.montecarlo).

Run: python bench/bench_montecarlo.py
"""
import time

import numpy as np

from verify.montecarlo import gaussian_monte_carlo
from verify.tolerances import MC_CHUNK

N = 2**23
REPEATS = 7


def relu_product(P):
    return np.maximum(P[0], 0) * np.maximum(P[1], 0)


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def raw_draws(rank):
    rng = np.random.default_rng(0)
    buf = np.empty(rank * MC_CHUNK)
    for _ in range(N // MC_CHUNK):
        rng.standard_normal(out=buf)


def estimator(d):
    rng = np.random.default_rng(1)
    u, v = rng.standard_normal(d), rng.standard_normal(d)
    return lambda: gaussian_monte_carlo(relu_product, [u, v], n=N, rng=2)


def main():
    """Baseline and estimators are timed interleaved, REPEATS times; the median of the per-repeat
    ratios is reported (the machine's speed drifts between runs; a ratio within one repeat does not)."""
    runs = {2: estimator(2), 1000: estimator(1000)}
    ratios = {2: [], 1000: []}
    base_times = []
    for _ in range(REPEATS):
        base = timed(lambda: raw_draws(2))
        base_times.append(base)
        for d, fn in runs.items():
            ratios[d].append(base / timed(fn))
    base_rate = N / float(np.median(base_times))
    print(f"baseline: numpy standard_normal, 2 normals per sample: {base_rate / 1e6:.1f} M samples/s (median)")
    for d in runs:
        r = float(np.median(ratios[d]))
        print(f"estimator g(u,v), d = {d:4d}: {r:.2f}x baseline (median of {REPEATS}; range "
              f"{min(ratios[d]):.2f}-{max(ratios[d]):.2f}; target >= 0.70x)")
    print(f"cost ratio d=1000 / d=2: {np.median(ratios[2]) / np.median(ratios[1000]):.2f} (target ~1)")
    ok = min(float(np.median(r)) for r in ratios.values()) >= 0.7
    print("PASS" if ok else "BELOW TARGET")


if __name__ == "__main__":
    main()
