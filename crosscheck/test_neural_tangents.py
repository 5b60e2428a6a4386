"""The suite's kernels against neural-tangents, the field's own library (``tox -e crosscheck``;
not in the default run).

Mapping (catalogue, last section): with z^(h) = √m x^(h), the paper's FC net is
``serial(Dense(m, W_std=√d), Act, [Dense(m, W_std=1), Act] × (h−1), Dense(1, W_std=1))`` in the NTK
parameterisation with Act = √c_σ σ, and that network's NNGP is K^(h). Du's last layer
K^(H) = K^(H−1) ⊙ c_σ E[σ′σ′] is the product of two NNGP calls, the second ending in Act′ = √c_σ σ′.
For a two-layer ReLU net the NTK minus the NNGP is the first layer's share, DZPS19's H∞. The
ResNet's mean terms have no analytic route in neural-tangents (``FanInSum`` needs Gaussian
inputs), so its feature Gram K^(H−1) is compared with neural-tangents' Monte Carlo kernel, and the
kernel without mean terms must fail that comparison.
"""
import math

import numpy as np
import pytest

jax = pytest.importorskip("jax")
nt = pytest.importorskip("neural_tangents")
from jax import numpy as jnp  # noqa: E402
from neural_tangents import stax  # noqa: E402

from lemmas.dllwz19.common import unit_rows  # noqa: E402
from lemmas.dllwz19.kernels import c_sigma, fc_kernels, resnet_kernels  # noqa: E402
from lemmas.dzps19.gram import gram_infinity  # noqa: E402
from verify.statistics import joint_mean_test  # noqa: E402

jax.config.update("jax_enable_x64", True)
DEGREE = 120       # neural-tangents' Gauss–Hermite degree for ElementwiseNumerical
FUNCTIONS = {"softplus": (jax.nn.softplus, jax.nn.sigmoid),
             "tanh": (jnp.tanh, lambda t: 1 - jnp.tanh(t) ** 2)}


def _act(name, derivative=False):
    c = math.sqrt(float(c_sigma(name)))
    fn = FUNCTIONS[name][1 if derivative else 0]
    return stax.ElementwiseNumerical(fn=lambda t: c * fn(t), deg=DEGREE)


def nt_fc(X, name, H):
    """K^(1..H) by neural-tangents: NNGP of the sub-networks, the last layer as a product."""
    d = X.shape[1]
    out = []
    layers = [stax.Dense(512, W_std=math.sqrt(d))]
    for h in range(1, H + 1):
        pre = stax.serial(*layers)                       # ends with layer h's Dense: covariance K^(h−1)
        if h < H:
            layers += [_act(name), stax.Dense(512, W_std=1.0)]
            out.append(np.asarray(stax.serial(*layers[:-1], stax.Dense(1, W_std=1.0))[2](X, X, "nngp")))
        else:
            k_prev = np.asarray(stax.serial(pre, stax.Identity())[2](X, X, "nngp")) if h > 1 else X @ X.T
            dd = np.asarray(stax.serial(pre, _act(name, True), stax.Dense(1, W_std=1.0))[2](X, X, "nngp"))
            out.append(k_prev * dd)
    return out


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("H", [1, 2, 4])
def test_fc_kernels_match_neural_tangents(name, H):
    X = unit_rows(8, 5, 11)
    ours = fc_kernels(X, name, H).K[1:]
    theirs = nt_fc(X, name, H)
    gap = max(float(np.max(np.abs(a - b))) for a, b in zip(ours, theirs))
    print(f"FC {name} H={H}: max |ours − neural-tangents| = {gap:.1e}")
    assert gap < 1e-8


def test_dzps19_gram_matches_the_relu_ntk_first_layer_share():
    X = unit_rows(10, 6, 3)
    _, _, kernel_fn = stax.serial(stax.Dense(512, W_std=math.sqrt(X.shape[1])), stax.Relu(), stax.Dense(1, W_std=1.0))
    k = kernel_fn(X, X, ("nngp", "ntk"))
    share = np.asarray(k.ntk) - np.asarray(k.nngp)
    gap = float(np.max(np.abs(share - gram_infinity(X))))
    print(f"DZPS19 H∞ against the two-layer ReLU NTK − NNGP: {gap:.1e}")
    assert gap < 1e-12


def nt_resnet_features(X, H, c_res, m, seed):
    """neural-tangents' Monte Carlo NNGP of the paper's ResNet up to layer H − 1 (features' Gram)."""
    c = math.sqrt(float(c_sigma("softplus")))
    branch = lambda: stax.serial(stax.Dense(m, W_std=1.0),  # noqa: E731
                                 stax.Elementwise(fn=lambda t: c_res / H * jax.nn.softplus(t)))
    block = stax.serial(stax.FanOut(2), stax.parallel(stax.Identity(), branch()), stax.FanInSum())
    init_fn, apply_fn, _ = stax.serial(stax.Dense(m, W_std=math.sqrt(X.shape[1])),
                                       stax.Elementwise(fn=lambda t: c * jax.nn.softplus(t)),
                                       *[block] * (H - 2), stax.Dense(m, W_std=1.0))
    # a wide readout averaged over its channels (trace_axes) estimates ⟨z_i, z_j⟩/m, not one f_i f_j
    mc = nt.monte_carlo_kernel_fn(init_fn, apply_fn, jax.random.PRNGKey(seed), n_samples=4, implementation=1)
    return np.asarray(mc(X, None, "nngp")).reshape(len(X), len(X))


@pytest.mark.parametrize("variant, passes", [("derived", True), ("no-mean", False)])
def test_resnet_features_match_the_neural_tangents_monte_carlo(variant, passes):
    X = unit_rows(5, 4, 2)
    H, c_res = 4, 0.9
    ref = resnet_kernels(X, "softplus", H, c_res, variant=variant).K[H - 1]
    runs = np.array([nt_resnet_features(X, H, c_res, 512, s)[np.triu_indices(5)] for s in range(25)])
    ok, worst, threshold, detail = joint_mean_test(runs, ref[np.triu_indices(5)])
    print(f"ResNet K^(3) ({variant}) against neural-tangents' Monte Carlo: {detail}")
    assert ok is passes
