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
REPEATS = 5


def relu_product(P):
    return np.maximum(P[0], 0) * np.maximum(P[1], 0)


def best_of(fn):
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


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
    base = best_of(lambda: raw_draws(2))
    base_rate = N / base
    print(f"baseline: numpy standard_normal, 2 normals per sample: {base_rate / 1e6:.1f} M samples/s")
    rates = {}
    for d in (2, 1000):
        t = best_of(estimator(d))
        rates[d] = N / t
        print(f"estimator g(u,v), d = {d:4d}: {rates[d] / 1e6:.1f} M samples/s = "
              f"{rates[d] / base_rate:.2f}x baseline (target >= 0.70x)")
    print(f"cost ratio d=1000 / d=2: {rates[2] / rates[1000]:.2f} (target ~1)")
    ok = min(rates.values()) / base_rate >= 0.7
    print("PASS" if ok else "BELOW TARGET")


if __name__ == "__main__":
    main()
