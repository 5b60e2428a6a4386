"""Milliseconds per 30-digit quadrature of g(u, v) (target <= 20 ms), against the cost of the
closed form at the same precision, measured in the same run.

One "30-digit quadrature" is what the routes call: the precision ladder at 38 and 48 digits
(verify.tolerances.LADDER_STEP apart), i.e. two quadratures, with the error bound.

Run: python bench/bench_quadrature.py
"""
import time

import mpmath
import numpy as np

from lemmas.bg17.s3 import UV
from lemmas.common.kernels import kernel, quadrature_kernel, relu
from verify.quadrature import _expectation_once
from verify.tolerances import LADDER_STEP, QUADRATURE_DIGITS, working_dps


def _relu_product(s, t):
    return relu(s) * relu(t)


def main():
    pairs = [(p["u"], p["v"]) for p in UV.points(np.random.default_rng(0), 35)]  # 5 boundary + 35
    dps = working_dps(QUADRATURE_DIGITS)
    quadrature_kernel(*pairs[0], dps)  # warm the Gauss-Legendre node cache
    with mpmath.workdps(dps):
        kernel(*pairs[0])  # derive and lambdify the closed form once
    t0 = time.perf_counter()
    with mpmath.workdps(dps):
        for u, v in pairs:
            _expectation_once(_relu_product, [u, v], 2, "gauss-legendre")
    single_ms = (time.perf_counter() - t0) / len(pairs) * 1e3
    t0 = time.perf_counter()
    for u, v in pairs:
        quadrature_kernel(u, v, dps)
    quad_ms = (time.perf_counter() - t0) / len(pairs) * 1e3
    t0 = time.perf_counter()
    with mpmath.workdps(dps):
        for u, v in pairs:
            kernel(u, v)
    closed_ms = (time.perf_counter() - t0) / len(pairs) * 1e3
    print(f"quadrature of g to {QUADRATURE_DIGITS} digits (ladder {dps}/{dps + LADDER_STEP} digits): "
          f"{quad_ms:.1f} ms per call over {len(pairs)} pairs (target <= 20 ms)")
    print(f"  one rung alone (a single quadrature at {dps} digits): {single_ms:.1f} ms")
    print(f"closed form at {dps} digits: {closed_ms:.3f} ms; quadrature / closed form = "
          f"{quad_ms / closed_ms:.0f}x")
    print("PASS" if quad_ms <= 20 else "BELOW TARGET")


if __name__ == "__main__":
    main()
