"""H∞ of n = d = 1000 unit rows (the size of DZPS19's §5 experiment): the vectorised
`gram_infinity` against a plain numpy double loop over the pairs, in the same run, and λ0 of that
data (the catalogue reports 0.2459–0.2460 for two draws).

Run: python bench/bench_gram.py
"""
import math
import time

import numpy as np

from lemmas.dzps19.gram import gram_infinity, lambda0


def double_loop(X):
    n = len(X)
    H = np.empty((n, n))
    for i in range(n):
        H[i, i] = 0.5
        for j in range(i + 1, n):
            rho = min(1.0, max(-1.0, float(np.dot(X[i], X[j]))))
            H[i, j] = H[j, i] = rho * (math.pi - math.acos(rho)) / (2 * math.pi)
    return H


def main(n=1000, d=1000):
    rng = np.random.default_rng(20190101)
    X = rng.standard_normal((n, d))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    t0 = time.perf_counter()
    gram_infinity(X[:2])  # the first call derives and compiles the kernel
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    H = gram_infinity(X)
    fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    reference = double_loop(X)
    slow = time.perf_counter() - t0
    print(f"n = d = {n}: gram_infinity {fast:.3f} s, numpy double loop {slow:.2f} s "
          f"({slow / fast:.0f}x); largest difference {np.abs(H - reference).max():.1e}; "
          f"first call (derivation, lambdify) {first:.2f} s")
    t0 = time.perf_counter()
    print(f"lambda0 = {lambda0(X):.4f} ({time.perf_counter() - t0:.2f} s, eigvalsh)")


if __name__ == "__main__":
    main()
