r"""The limit Gram recursions of DLLWZ19 (Definitions 5.1, 6.1, 7.1, derived forms of the catalogue)
as public functions of a user's data.

Notation: :math:`\Lambda_{ij}(K)=\begin{pmatrix}K_{ii}&K_{ij}\\K_{ij}&K_{jj}\end{pmatrix}`,
:math:`\mathbb E_K[f f]_{ij}=\mathbb E_{(u,v)\sim\mathcal N(0,\Lambda_{ij}(K))}[f(u)f(v)]`
(:func:`verify.activations.pair_matrix`) and :math:`c_\sigma=(\mathbb E_{z\sim N(0,1)}\sigma(z)^2)^{-1}`.

* **FC** (:func:`fc_kernels`). :math:`K^{(0)}=XX^\top`, :math:`K^{(h)}=c_\sigma\mathbb E_{K^{(h-1)}}[\sigma\sigma]`
  for :math:`1\le h\le H-1`, and :math:`K^{(H)}=c_\sigma K^{(H-1)}\odot\mathbb E_{K^{(H-1)}}[\sigma'\sigma']`.
* **ResNet** (:func:`resnet_kernels`). :math:`K^{(1)}` as FC, :math:`b^{(1)}_i=\sqrt{c_\sigma}\,\mathbb E\sigma(u_i)`;
  for :math:`2\le h\le H-1`:
  :math:`K^{(h)}=K^{(h-1)}+\frac{c_{res}}H(b_i\,\mathbb E\sigma(v)+b_j\,\mathbb E\sigma(u))+\frac{c_{res}^2}{H^2}\mathbb E_{K^{(h-1)}}[\sigma\sigma]`,
  :math:`b^{(h)}_i=b^{(h-1)}_i+\frac{c_{res}}H\mathbb E\sigma(u_i)`; last layer
  :math:`K^{(H)}=\frac{c_{res}^2}{H^2}K^{(H-1)}\odot\mathbb E_{K^{(H-1)}}[\sigma'\sigma']`.
* **Conv-ResNet** (:func:`conv_resnet_kernels`). Blocks :math:`K^{(h)}_{ij}\in\mathbb R^{p\times p}`;
  the pre-activation covariance is the aligned patch trace
  :math:`\Sigma^{(h)}_{ij,lr}=\sum_{|o|\le(q-1)/2}K^{(h-1)}_{ij,l+o,r+o}` (zero padding), and the
  ResNet recursion runs on the :math:`np\times np` covariance of all (sample, position) pairs;
  :math:`K^{(H)}_{ij}=\frac{c_{res}^2}{H^2}\sum_l\Sigma^{(H)}_{ij,ll}\,\mathbb E[\sigma'(u_{il})\sigma'(u_{jl})]`.

The ``variant`` arguments build the catalogue's wrong alternatives, which the Monte Carlo routes
must reject: ``"off-by-one"`` (last-layer law from :math:`K^{(H-2)}`, W1), ``"swapped"``
(:math:`b_i` paired with :math:`\sigma(u)`, W2), ``"no-mean"`` (cross terms dropped), and
``"all-pairs"`` (patch covariance summed over all of :math:`D_l\times D_r`, W3).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import mpmath
import numpy as np

from verify.activations import activation, mean_square, mean_vector, pair_matrix
from verify.errors import InputError

VARIANTS = ("derived", "off-by-one", "swapped", "no-mean", "all-pairs")


@cache
def c_sigma(name: str, dps: int = 30) -> mpmath.mpf:
    """:math:`c_\\sigma=1/\\mathbb E\\sigma(z)^2` to ``dps`` digits (1-D quadrature, precision ladder)."""
    est = mean_square(name, "value", 1, dps=dps)
    with mpmath.workdps(dps + 10):
        return 1 / est.value


def _depth(H, least: int = 1) -> int:
    if isinstance(H, bool) or not isinstance(H, (int, np.integer)) or H < least:
        raise InputError(f"H: the depth must be an integer ≥ {least}, got {H!r}")
    return int(H)


def _c_res(c_res) -> float:
    try:
        c = float(c_res)
    except (TypeError, ValueError):
        raise InputError(f"c_res: expected a number, got {c_res!r}") from None
    if not np.isfinite(c) or c <= 0:
        raise InputError(f"c_res: the residual scale must be positive and finite, got {c_res!r}")
    return c


def _variant(variant: str) -> str:
    if variant not in VARIANTS:
        raise InputError(f"variant: {variant!r} is not one of {', '.join(VARIANTS)}")
    return variant


def _samples(X, what: str, ndim: int, shape: str) -> np.ndarray:
    """A finite array of ``ndim`` axes (samples first) with no all-zero sample."""
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{what}: expected an {shape} array of numbers") from None
    if X.ndim != ndim or 0 in X.shape:
        raise InputError(f"{what}: expected an {shape} array, got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise InputError(f"{what}: entries must be finite (got NaN or inf)")
    zero = np.flatnonzero(np.linalg.norm(X.reshape(len(X), -1), axis=1) == 0)
    if zero.size:
        raise InputError(f"{what}: {'row' if ndim == 2 else 'sample'} {zero[0]} is zero")
    return X


def data_rows(X, what: str = "X") -> np.ndarray:
    """An n × d array of finite, non-zero rows (the paper takes them unit; the recursions do not
    need it)."""
    return _samples(X, what, 2, "n × d")


@dataclass(frozen=True)
class Kernels:
    """K[h] for h = 0..H (K[H] the last layer's Gram limit), and the mean series b[h] (ResNet;
    ``b[0]`` is None, FC has no b)."""

    K: tuple
    b: tuple = ()
    error: float = 0.0
    """Accumulated bound on the Mehler-series error of the quadratures (float64 rounding aside)."""

    @property
    def last(self) -> np.ndarray:
        return self.K[-1]


def _last_layer(name: str, K: np.ndarray, law: np.ndarray, scale: float):
    """scale · K ⊙ E_law[σ′σ′] and its error bound (``law`` = K but for the off-by-one control)."""
    d = pair_matrix(name, "derivative", law)
    return scale * K * d.value, scale * float(np.abs(K).max()) * d.error


def fc_kernels(X, name: str, H: int, *, variant: str = "derived") -> Kernels:
    """K^(0..H) of the fully connected net of depth H with activation ``name`` on the rows of X."""
    X, H, variant = data_rows(X), _depth(H), _variant(variant)
    activation(name)
    c = float(c_sigma(name))
    Ks, err = [X @ X.T], 0.0
    for _ in range(1, H):
        e = pair_matrix(name, "value", Ks[-1])
        Ks.append(c * e.value)
        err += c * e.error
    last, de = _last_layer(name, Ks[-1], Ks[-2] if variant == "off-by-one" and H >= 2 else Ks[-1], c)
    Ks.append(last)
    return Kernels(tuple(Ks), (), err + de)


def _cross_terms(b: np.ndarray, m: np.ndarray, variant: str):
    """The skip connection's cross terms: b_i E σ(v) + b_j E σ(u) with u, v the pre-activations of
    samples i and j (``swapped``: b_i E σ(u) + b_j E σ(v); ``no-mean``: none)."""
    if variant == "no-mean":
        return 0.0
    if variant == "swapped":
        bm = b * m
        return bm[:, None] + bm[None, :]
    return np.outer(b, m) + np.outer(m, b)


def _residual_step(name, K, S, b, alpha, variant):
    """One residual layer: (K', b', error) from the feature Gram K, the pre-activation covariance
    S (K itself for the ResNet, its patch trace for the conv net) and the means b; branch scale
    alpha = c_res/H."""
    e = pair_matrix(name, "value", S, what="pre-activation covariance")
    m = mean_vector(name, "value", np.diag(S))            # E σ(u_i), u_i ~ N(0, S_ii)
    return K + alpha * _cross_terms(b, m, variant) + alpha ** 2 * e.value, b + alpha * m, alpha ** 2 * e.error


def resnet_kernels(X, name: str, H: int, c_res: float, *, variant: str = "derived") -> Kernels:
    """K^(0..H) and b^(1..H-1) of the ResNet of depth H (skip at every layer from 2 on, branch
    scale c_res/(H√m)); H = 1 is the FC case."""
    X, H, variant, c_res = data_rows(X), _depth(H), _variant(variant), _c_res(c_res)
    activation(name)
    c = float(c_sigma(name))
    K0 = X @ X.T
    if H == 1:
        fc = fc_kernels(X, name, 1)
        return Kernels(fc.K, (None,), fc.error)
    e = pair_matrix(name, "value", K0)
    Ks, bs, err = [K0, c * e.value], [None, np.sqrt(c) * mean_vector(name, "value", np.diag(K0))], c * e.error
    alpha = c_res / H
    for _ in range(2, H):
        K, b, de = _residual_step(name, Ks[-1], Ks[-1], bs[-1], alpha, variant)
        Ks.append(K)
        bs.append(b)
        err += de
    last, de = _last_layer(name, Ks[-1], Ks[-2] if variant == "off-by-one" else Ks[-1], alpha ** 2)
    Ks.append(last)
    return Kernels(tuple(Ks), tuple(bs), err + de)


def conv_data(X, what: str = "X") -> np.ndarray:
    """An n × d0 × p array (n samples of d0 channels at p positions), finite, no zero sample."""
    return _samples(X, what, 3, "n × d0 × p")


def _patch_size(q, p: int) -> int:
    if isinstance(q, bool) or not isinstance(q, (int, np.integer)) or q < 1 or q % 2 == 0:
        raise InputError(f"q: the patch size must be an odd integer ≥ 1, got {q!r}")
    return int(q)


def patch_trace(K: np.ndarray, q: int, *, variant: str = "derived") -> np.ndarray:
    """Σ_{ij,lr} = Σ_{|o| ≤ (q−1)/2} K_{ij,l+o,r+o} (zero padding: out-of-range terms vanish) on
    an (n, n, p, p) array; ``all-pairs``: Σ over every (s, t) ∈ D_l × D_r (the W3 control)."""
    p, half = K.shape[-1], (q - 1) // 2
    out = np.zeros_like(K)
    offsets = [(o, o) for o in range(-half, half + 1)]
    if variant == "all-pairs":
        offsets = [(o, t) for o in range(-half, half + 1) for t in range(-half, half + 1)]
    for o, t in offsets:
        ls, rs = slice(max(0, -o), min(p, p - o)), slice(max(0, -t), min(p, p - t))
        src_l, src_r = slice(max(0, o), min(p, p + o)), slice(max(0, t), min(p, p + t))
        out[..., ls, rs] += K[..., src_l, src_r]
    return out


def _flat(S: np.ndarray) -> np.ndarray:
    n, _, p, _ = S.shape                                   # (i, j, l, r) -> ((i, l), (j, r))
    return S.transpose(0, 2, 1, 3).reshape(n * p, n * p)


def _blocks(F: np.ndarray, n: int, p: int) -> np.ndarray:
    return F.reshape(n, p, n, p).transpose(0, 2, 1, 3)


def conv_resnet_kernels(X, name: str, H: int, c_res: float, *, q: int = 3, variant: str = "derived") -> Kernels:
    """Blocks K^(h) (n, n, p, p) for h ≤ H−1 and K^(H) (n × n) of the convolutional ResNet with
    patches of q consecutive positions (stride 1, zero padding); b[h] is n × p."""
    X, H, variant, c_res = conv_data(X), _depth(H), _variant(variant), _c_res(c_res)
    n, _, p = X.shape
    q = _patch_size(q, p)
    activation(name)
    c = float(c_sigma(name))
    trace_variant = "all-pairs" if variant == "all-pairs" else "derived"
    Ks = [np.einsum("icl,jcr->ijlr", X, X)]
    S = _flat(patch_trace(Ks[0], q, variant=trace_variant))
    alpha, err = c_res / H, 0.0
    if H >= 2:
        e = pair_matrix(name, "value", S, what="patch covariance")
        Ks.append(_blocks(c * e.value, n, p))
        bs = [None, np.sqrt(c) * mean_vector(name, "value", np.diag(S)).reshape(n, p)]
        err += c * e.error
    for _ in range(2, H):
        S = _flat(patch_trace(Ks[-1], q, variant=trace_variant))
        F, b, de = _residual_step(name, _flat(Ks[-1]), S, bs[-1].ravel(), alpha, variant)
        Ks.append(_blocks(F, n, p))
        bs.append(b.reshape(n, p))
        err += de
    if H >= 2:
        S = _flat(patch_trace(Ks[-1], q, variant=trace_variant))
    law = S
    if variant == "off-by-one" and H >= 2:
        law = _flat(patch_trace(Ks[-2], q, variant=trace_variant))
    scale = alpha ** 2 if H >= 2 else c
    d = pair_matrix(name, "derivative", law, what="patch covariance")
    last = scale * np.einsum("iljl->ij", (S * d.value).reshape(n, p, n, p))
    Ks.append(last)
    return Kernels(tuple(Ks), tuple(bs) if H >= 2 else (None,), err + scale * p * float(np.abs(S).max()) * d.error)
