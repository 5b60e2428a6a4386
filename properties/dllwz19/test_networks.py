"""DLLWZ19 finite networks at Hypothesis-drawn sizes and seeds: back-propagation against finite
differences, Gram matrices PSD, the O(η²) residual identity, gradient descent's linear rate on the
three architectures, zero loss, the movement of the weights, and the initialisation facts."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from lemmas.dllwz19.common import gram_samples, kernels_of, unit_rows
from lemmas.dllwz19.network import Net, as_inputs, forward, grams, init, loss_gradients, step, train
from lemmas.dllwz19.training import ntk
from verify.testing import simulation_examples

ARCHS = st.sampled_from(["fc", "resnet", "conv"])


def problem(arch, seed, m, H, name="softplus", n=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 2, 5)) if arch == "conv" else unit_rows(n, 3, seed)
    net = Net(arch, H, m, name, 0.5, 3 if arch == "conv" else 1)
    Xi = as_inputs(X)
    return net, X, rng.standard_normal(n), init(net, Xi.shape[1], Xi.shape[2], rng)


@pytest.mark.claim("DLLWZ19-S4.1")
@settings(max_examples=10, deadline=None)
@given(ARCHS, st.integers(0, 10 ** 6), st.integers(1, 4), st.integers(2, 10))
def test_backpropagation_matches_central_differences(arch, seed, H, m):
    net, X, y, params = problem(arch, seed, m, H)
    _, grads = loss_gradients(net, params, X, y)
    W = params["W"][H - 1]
    i, j = seed % W.shape[0], (seed // 7) % W.shape[1]
    vals = []
    for sign in (1, -1):
        old = W[i, j]
        W[i, j] = old + sign * 1e-6
        vals.append(loss_gradients(net, params, X, y)[0])
        W[i, j] = old
    fd = (vals[0] - vals[1]) / 2e-6
    assert abs(fd - grads["W"][H - 1][i, j]) <= 1e-6 * (1 + abs(fd))


@pytest.mark.claim("DLLWZ19-S4.1")
@pytest.mark.claim("DLLWZ19-S4.2")
@settings(max_examples=10, deadline=None)
@given(ARCHS, st.integers(0, 10 ** 6), st.integers(1, 4))
def test_grams_are_psd_and_the_residual_identity_is_second_order(arch, seed, H):
    net, X, y, params = problem(arch, seed, 30, H)
    G = grams(net, params, X)["G"]
    for M in G.values():
        assert np.linalg.eigvalsh(M)[0] >= -1e-12 * max(1.0, np.linalg.eigvalsh(M)[-1])
    Theta = sum(G.values())
    _, grads = loss_gradients(net, params, X, y)
    u0 = forward(net, params, X)["f"]
    res = [np.linalg.norm((y - forward(net, step(params, grads, eta), X)["f"]) - (y - u0 - eta * Theta @ (y - u0)))
           for eta in (1e-3, 1e-4)]
    assert res[1] <= res[0] / 50          # O(η²): a factor 100 per decade


@pytest.mark.claim("DLLWZ19-T5.1")
@pytest.mark.claim("DLLWZ19-T6.1")
@pytest.mark.claim("DLLWZ19-T7.1")
@pytest.mark.claim("DLLWZ19-R4")
@simulation_examples()
@given(ARCHS, st.integers(0, 10 ** 6))
def test_gradient_descent_stays_below_the_linear_rate_bound(arch, seed):
    H = 3
    net, X, y, params = problem(arch, seed, 150, H, "tanh" if arch == "fc" else "softplus")
    eta = 1 / np.linalg.eigvalsh(ntk(net, params, X))[-1]
    lam = np.linalg.eigvalsh(kernels_of(arch, X, net.name, H, 0.5).last)[0]
    loss = train(net, params, X, y, eta, 100)["loss"]
    assert np.all(loss <= loss[0] * (1 - eta * lam / 2) ** np.arange(101) * (1 + 1e-12))
    assert np.all(np.diff(loss) <= 1e-12 * loss[0])
    if arch == "fc":
        assert loss[-1] < 1e-6 * loss[0]


@pytest.mark.claim("DLLWZ19-S4.5")
@simulation_examples()
@given(st.integers(0, 10 ** 6))
def test_averaged_movement_shrinks_with_width(seed):
    moves = []
    for m in (100, 400):
        net, X, y, params = problem("resnet", seed, m, 3)
        eta = 1 / np.linalg.eigvalsh(ntk(net, params, X))[-1]
        final = train(net, params, X, y, eta, 40)["params"]
        moves.append(max(np.linalg.norm(a - b) for a, b in zip(final["W"], params["W"])) / np.sqrt(m))
    assert moves[1] < 0.8 * moves[0]


@pytest.mark.claim("DLLWZ19-I2")
@settings(max_examples=5, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(300, 800))
def test_gaussian_operator_norm_is_about_two_root_m(seed, m):
    value = np.linalg.norm(np.random.default_rng(seed).standard_normal((m, m)), 2) / np.sqrt(m)
    assert 1.8 <= value <= 2.1


@pytest.mark.claim("DLLWZ19-I3")
@pytest.mark.claim("DLLWZ19-I1")
@pytest.mark.claim("DLLWZ19-S4.4")
@simulation_examples()
@given(st.integers(0, 10 ** 6))
def test_initial_gram_is_close_to_its_limit_for_the_resnet(seed):
    X = unit_rows(5, 4, seed)
    kern = kernels_of("resnet", X, "softplus", 3, 0.5)
    row = gram_samples("resnet", X, "softplus", 3, 1500, [seed], averaged_output=False)[0]
    G = np.zeros((5, 5))
    G[np.triu_indices(5)] = row[:15]
    G = G + np.triu(G, 1).T
    assert abs(np.linalg.eigvalsh(G)[0] / np.linalg.eigvalsh(kern.last)[0] - 1) <= 0.25
    net = Net("resnet", 3, 300, "softplus", 0.5)
    xs = forward(net, init(net, 4, 1, np.random.default_rng(seed)), X)["x"][1:]
    norms = np.concatenate([np.linalg.norm(x[:, :, 0], axis=1) for x in xs])
    assert 0.5 <= norms.min() and norms.max() <= 2
