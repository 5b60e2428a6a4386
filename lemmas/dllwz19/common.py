r"""What the DLLWZ19 claim modules share: data sets, the symbolic recursions (for SymPy checks and
LaTeX), Monte Carlo over seeds of finite networks, and the high-precision per-pair recursion.

Data
----
* :data:`GOLDEN` the catalogue's three inputs :math:`(1,0),(0.6,0.8),(-0.8,0.6)`.
* :func:`unit_rows` n random unit rows (seeded); :func:`scaled_rows` the same with the row norms
  :data:`SPREAD_NORMS` (the skip-pairing control needs unequal :math:`K_{ii}`);
  :func:`conv_inputs` n random d0 × p samples of unit Frobenius norm.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from lemmas.dllwz19 import kernels as KR
from lemmas.dllwz19 import network as NW
from verify.activations import mean, mean_square, pair_expectation
from verify import tolerances
from verify.statistics import joint_mean_test

GOLDEN = np.array([[1.0, 0.0], [0.6, 0.8], [-0.8, 0.6]])
SPREAD_NORMS = (0.3, 3.0, 1.0, 2.0, 0.5)


def unit_rows(n: int, d: int, seed: int) -> np.ndarray:
    X = np.random.default_rng(seed).standard_normal((n, d))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def scaled_rows(seed: int) -> np.ndarray:
    return unit_rows(len(SPREAD_NORMS), 3, seed) * np.array(SPREAD_NORMS)[:, None]


def conv_inputs(n: int, d0: int, p: int, seed: int) -> np.ndarray:
    X = np.random.default_rng(seed).standard_normal((n, d0, p))
    return X / np.linalg.norm(X.reshape(n, -1), axis=1)[:, None, None]


def kernels_of(arch: str, X, name: str, H: int, c_res: float = 0.5, q: int = 3, variant: str = "derived"):
    if arch == "fc":
        return KR.fc_kernels(X, name, H, variant=variant)
    if arch == "resnet":
        return KR.resnet_kernels(X, name, H, c_res, variant=variant)
    return KR.conv_resnet_kernels(X, name, H, c_res, q=q, variant=variant)


def upper(M: np.ndarray) -> np.ndarray:
    return M[np.triu_indices(len(M))]


def gram_samples(arch: str, X, name: str, H: int, m: int, seeds, *, c_res: float = 0.5, q: int = 3,
                 averaged_output: bool = True) -> np.ndarray:
    """Rows, one per seed: the upper triangles of G^(H)(0) (output weights averaged out unless
    ``averaged_output`` is False) and of the feature Gram ⟨x_i^(H−1), x_j^(H−1)⟩ (the second block
    is the input Gram for H = 1; for the conv net the position-summed block trace). Memoised in the
    process: a check and its controls compare the same nets with different kernels."""
    X = np.ascontiguousarray(X, dtype=float)
    return _gram_samples(arch, X.tobytes(), X.shape, name, H, m, tuple(seeds), c_res, q, averaged_output).copy()


@lru_cache(maxsize=32)
def _gram_samples(arch, data, shape, name, H, m, seeds, c_res, q, averaged_output):
    X = np.frombuffer(data).reshape(shape)
    net = NW.Net(arch, H, m, name, c_res, q if arch == "conv" else 1)
    Xi = NW.as_inputs(X)
    rows = []
    for s in seeds:
        params = NW.init(net, Xi.shape[1], Xi.shape[2], np.random.default_rng(s))
        out = NW.grams(net, params, X, averaged_output=averaged_output)
        x = out["state"]["x"][H - 1]
        F = np.einsum("icl,jcl->ij", x, x)
        rows.append(np.concatenate([upper(out["G"][H]), upper(F)]))
    return np.array(rows)


def last_gram(row: np.ndarray, n: int) -> np.ndarray:
    """The symmetric n × n G^(H)(0) from one row of :func:`gram_samples` (its first block)."""
    G = np.zeros((n, n))
    G[np.triu_indices(n)] = row[:n * (n + 1) // 2]
    return G + np.triu(G, 1).T


def seeds_setting(**fixed):
    """Settings for an on-settings route: one seed drawn from the run's generator (so the seeds
    change with ``--seed``), plus ``fixed``."""
    return lambda rng: [{"seed": int(rng.integers(1 << 30)), **fixed}]


seed_of = seeds_setting()


def reference_statistics(kern: KR.Kernels, arch: str) -> np.ndarray:
    """The limits of :func:`gram_samples`' statistics: K^(H) and K^(H−1) (conv: Σ_l K_{ij,ll})."""
    prev = kern.K[-2]
    if prev.ndim == 4:
        prev = np.einsum("ijll->ij", prev)
    return np.concatenate([upper(kern.last), upper(prev)])


def limit_test(arch, X, name, H, m, seeds, kern, **kw):
    """(ok, margin, detail) of the joint max-|t| test of G^(H)(0) and the features against ``kern``."""
    ok, worst, threshold, detail = joint_mean_test(gram_samples(arch, X, name, H, m, seeds, **kw),
                                                   reference_statistics(kern, arch))
    return ok, threshold - worst, f"{arch}, {name}, H = {H}, m = {m}: {detail}"


# --- the high-precision route: one pair through the recursion --------------------------------
def _mp_pair_once(arch: str, X, name: str, H: int, i: int, j: int, c_res: float, dps: int):
    """K^(H)_ij through the recursion restricted to the pair (i, j) (only the 2 × 2 block
    (K_ii, K_ij, K_jj) and (b_i, b_j) of every layer is needed), every expectation by mpmath
    quadrature at ``dps`` digits (one rung)."""
    with mpmath.workdps(dps):
        K = [[mpmath.mpf(float(X[a] @ X[b])) for b in (i, j)] for a in (i, j)]
        c = 1 / mean_square(name, "value", 1, dps=dps, ladder=False).value

        def E(kind, Kb):
            off = pair_expectation(name, kind, Kb[0][0], Kb[0][1], Kb[1][1], dps=dps, ladder=False).value
            d = [mean_square(name, kind, Kb[a][a], dps=dps, ladder=False).value for a in (0, 1)]
            return [[d[0], off], [off, d[1]]]

        def means(Kb):
            return [mean(name, "value", Kb[a][a], dps=dps, ladder=False).value for a in (0, 1)]

        if H == 1 or arch == "fc":
            for _ in range(1, H):
                e = E("value", K)
                K = [[c * e[a][b] for b in (0, 1)] for a in (0, 1)]
            return c * K[0][1] * E("derivative", K)[0][1]
        alpha = mpmath.mpf(c_res) / H
        b = [mpmath.sqrt(c) * v for v in means(K)]
        e = E("value", K)
        K = [[c * e[a][bb] for bb in (0, 1)] for a in (0, 1)]
        for _ in range(2, H):
            mu, e = means(K), E("value", K)
            K = [[K[a][bb] + alpha * (b[a] * mu[bb] + b[bb] * mu[a]) + alpha ** 2 * e[a][bb] for bb in (0, 1)]
                 for a in (0, 1)]
            b = [b[a] + alpha * mu[a] for a in (0, 1)]
        return alpha ** 2 * K[0][1] * E("derivative", K)[0][1]


def mp_pair(arch: str, X, name: str, H: int, i: int, j: int, *, c_res: float = 0.5, dps: int = 10):
    """(K^(H)_ij, error) by mpmath quadrature through the whole recursion, run at ``dps`` and at
    ``dps + LADDER_STEP`` digits: the precision ladder applied end to end, so the error bound (the
    two runs' difference) includes how every layer propagates its predecessors' errors. Memoised
    in the process (a check and its control ask for the same value)."""
    X = np.ascontiguousarray(KR.data_rows(X))
    return _mp_pair(arch, X.tobytes(), X.shape, name, H, i, j, c_res, dps)


@lru_cache(maxsize=16)
def _mp_pair(arch, data, shape, name, H, i, j, c_res, dps):
    X = np.frombuffer(data).reshape(shape)
    low = _mp_pair_once(arch, X, name, H, i, j, c_res, dps)
    high = _mp_pair_once(arch, X, name, H, i, j, c_res, dps + tolerances.LADDER_STEP)
    with mpmath.workdps(dps + tolerances.LADDER_STEP):
        return float(high), float(abs(high - low) + mpmath.mpf(10) ** (-dps))


# --- symbols for the derivation and the LaTeX of the recursions --------------------------------
c_s, c_res_s, H_s = sp.Symbol("c_sigma", positive=True), sp.Symbol("c_res", positive=True), sp.Symbol("H", positive=True)
K_prev, K_ii, K_jj = sp.Symbol("K_prev"), sp.Symbol("K_ii", positive=True), sp.Symbol("K_jj", positive=True)
E_ss, E_dd = sp.Symbol("E_ss"), sp.Symbol("E_dd", positive=True)
E_u, E_v, b_i, b_j = sp.Symbol("E_u"), sp.Symbol("E_v"), sp.Symbol("b_i"), sp.Symbol("b_j")
NOTATION = {c_s: r"c_{\sigma}", c_res_s: r"c_{res}", H_s: "H", K_prev: r"K^{(h-1)}_{ij}",
            K_ii: r"K^{(h-1)}_{ii}", K_jj: r"K^{(h-1)}_{jj}",
            E_ss: r"\mathbb{E}[\sigma(u)\sigma(v)]", E_dd: r"\mathbb{E}[\sigma'(u)\sigma'(v)]",
            E_u: r"\mathbb{E}\sigma(u)", E_v: r"\mathbb{E}\sigma(v)", b_i: r"b^{(h-1)}_{i}", b_j: r"b^{(h-1)}_{j}"}
