"""BG17 §7 (overlapping filters) — what no route checks: one GD step from random points of Q4
(Prop. 7.1), the catalogue's h(k), the §7.2 descent and its sweep's summary; the printed Eq. 16
is a strict xfail (erratum). Routes check the vectorised risk and gradient of any overlap
(BG17-S7.2-basin, drawn by the generic property test), the corrected Eq. 16, the Q4 bound and its
minimiser, ℓ(0), the stationarity and Hessian at w̃; Thm. 7.3 is a route at fixed settings and
is run here at drawn ones; the k = 1 failure is a route, and one more point here."""
import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, example, given, settings, strategies as st

from lemmas.bg17.s7 import _eq16_fn, descend, eq7_risk_mp, h_of_k, h_value, overlap_gradient, overlap_risk, teacher
from verify.testing import simulation_examples

angles = st.floats(0, 2 * math.pi)
radii = st.floats(1e-3, 1e2)
scales = st.floats(0.05, 20)
ks = st.integers(2, 30)


q4_points = st.builds(lambda phi, r: np.array([r * math.cos(phi), -r * math.sin(phi)]),
                      st.floats(1e-6, math.pi / 2 - 1e-6), radii)


@pytest.mark.claim("BG17-Eq16")
@pytest.mark.xfail(strict=True, reason="erratum: printed Eq. 16 has 1/k² on the α term only")
@settings(max_examples=5, deadline=None)
@given(angles, radii, scales, st.integers(2, 12))
@example(0.0, 1.0, 1.0, 2)
def test_printed_eq16_is_the_risk(phi, r, ws, k):
    w = np.array([r * math.cos(phi), r * math.sin(phi)])
    with mpmath.workdps(30):
        assert _eq16_fn("printed")(w[0], w[1], ws, k) == pytest.approx(
            float(eq7_risk_mp(w, teacher(ws), 1, k)), rel=1e-10)


@pytest.mark.claim("BG17-P7.1")
@settings(max_examples=200, deadline=None)
@given(q4_points, scales, ks, st.floats(1e-6, 1 / 3, exclude_max=True))
def test_one_step_stays_in_the_fourth_quadrant(w, ws, k, lam):
    w_next = w - lam * overlap_gradient(w, teacher(ws), 1, k)[0]
    assert w_next[0] > 0 and w_next[1] < 0


@pytest.mark.claim("BG17-X9")
def test_h_values_match_the_catalogue():
    assert [round(h_value(k), 6) for k in (2, 3, 4, 10)] == [1.217996, 3.072611, 5.563846, 33.880272]
    assert float(h_of_k(sp.Integer(2), root=2)) != pytest.approx(h_value(2))


@pytest.mark.claim("BG17-S7.2-basin")
@settings(max_examples=20, deadline=None)
@given(st.integers(3, 6).flatmap(lambda m: st.tuples(st.just(m), st.integers(1, m - 1))),
       st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_descent_from_near_the_teacher_converges_to_it(m_stride, k, seed):
    from lemmas.bg17.s7_sweep import MAX_STEPS, STEP

    m, stride = m_stride
    rng = np.random.default_rng(seed)
    v = rng.uniform(-1, 1, (1, m))
    assume(np.linalg.norm(v) > 0.2)
    w0 = v + 1e-3 * np.linalg.norm(v) * rng.standard_normal((1, m))
    w = descend(w0, v, stride, k, STEP, MAX_STEPS)
    assert overlap_risk(w, v, stride, k)[0] < 1e-8 * np.linalg.norm(v) ** 2


@pytest.mark.claim("BG17-S7.2-basin")
def test_sweep_summarises_its_settings(tmp_path):
    from lemmas.bg17 import s7_sweep as sw

    chosen = [{"d": 4, "m": 3, "stride": 1, "k": 2}, {"d": 5, "m": 3, "stride": 2, "k": 2}]
    results = sw.sweep(tmp_path / "sweep.jsonl", workers=1, chosen=chosen, restarts=4, progress=False)
    s = sw.summary(results)     # resuming is verify.sweeps' (tests/test_sweeps.py)
    assert s["teachers"] == 2 * 94 and 0 <= s["min_mass"] <= 1
    assert "| 4 | 3 | 1 | 2 |" in sw.table(results) and "| 5 | 3 | 2 | 2 |" in sw.table(results)


@pytest.mark.claim("BG17-X7")
def test_k1_leaves_the_quadrant_near_the_axis():
    from lemmas.bg17.s7_quadrant import first_exit_lambda

    assert first_exit_lambda(np.array([[0.01, -1.0]]), teacher(1.0), 1)[0] < 1 / 3


@pytest.mark.claim("BG17-T7.3")
@pytest.mark.claim("BG17-S7.1-opt")
@simulation_examples()
@given(st.integers(2, 7), st.integers(0, 2**32 - 1))
def test_gd_ends_at_w_tilde_or_w_star_and_q4_starts_at_w_tilde(k, seed):
    """200 Gaussian starts at drawn (k, seed); the route runs 2000 at four fixed k."""
    from lemmas.bg17.s7_quadrant import stuck_probability

    out = stuck_probability(k, 200, seed)
    assert out["neither"] == 0 and out["q4_stuck"] == out["q4"]
