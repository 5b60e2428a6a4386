"""DLTPS18 critical points at Hypothesis-drawn teachers. C5 is an iff, so teachers are drawn on both
sides of its boundary ρ = (k + π − 1)/(πk) (a* built with a prescribed ρ, away from the boundary
by 0.02, where the cubic term is too small for the probe radii); the classification (C1), the
spurious loss (C3) and the interior saddles (C6) at the same teachers."""
import math

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from lemmas.dltps18.critical import classified_by_probing, condition_holds, spurious_loss, strict_saddle
from lemmas.dltps18.landscape import interior_roots
from verify.testing import simulation_examples


@st.composite
def teachers(draw, k_min=2, k_max=8):
    """a* = ‖a*‖(√ρ 1/√k + √(1 − ρ) u), u ⊥ 1 a unit vector: ρ = (1ᵀa*)²/(k‖a*‖²) exactly."""
    kk = draw(st.integers(k_min, k_max))
    rho = draw(st.floats(0, 1))
    size = draw(st.floats(0.3, 3))
    u = np.asarray(draw(st.lists(st.floats(-1, 1), min_size=kk, max_size=kk)))
    u = u - u.mean()
    assume(np.linalg.norm(u) > 1e-3 or rho == 1)
    u = u / np.linalg.norm(u) if np.linalg.norm(u) > 1e-3 else np.zeros(kk)
    return size * (math.sqrt(rho) * np.ones(kk) / math.sqrt(kk) + math.sqrt(1 - rho) * u), rho


def boundary(kk):
    return (kk + math.pi - 1) / (math.pi * kk)


@pytest.mark.claim("DLTPS18-C5")
@pytest.mark.claim("DLTPS18-H1")
@pytest.mark.claim("DLTPS18-BG4")
@settings(max_examples=20, deadline=None)
@given(teachers())
def test_probing_classifies_teachers_on_both_sides(teacher):
    a_star, rho = teacher
    assume(abs(rho - boundary(len(a_star))) > 0.02)
    assert condition_holds(a_star) == (rho < boundary(len(a_star)))
    ok, _, detail = classified_by_probing()({"a_star": list(a_star)})
    assert ok, detail


@pytest.mark.claim("DLTPS18-C1")
@given(teachers(k_min=1))
def test_interior_critical_angles_exist_iff_the_condition_holds(teacher):
    a_star, rho = teacher
    assume(abs(rho - boundary(len(a_star))) > 1e-3)
    assert interior_roots(a_star) == int(condition_holds(a_star))


@pytest.mark.claim("DLTPS18-C3")
@given(teachers(k_min=1))
def test_spurious_loss_is_positive_and_at_most_the_zero_output_loss(teacher):
    a_star, _ = teacher
    with mpmath.workdps(30):
        ls = spurious_loss(a_star)
        S, As = mpmath.fsum(a_star), mpmath.fsum(x * x for x in a_star)
        zero_output = (S**2 + (mpmath.pi - 1) * As) / (4 * mpmath.pi)
        gap = (zero_output - ls) / As
    assert ls > 0 and gap >= -1e-25
    assert (abs(gap) < 1e-25) == (len(a_star) == 1)


@pytest.mark.claim("DLTPS18-C6")
@simulation_examples()
@given(teachers(k_max=5))
def test_interior_points_are_strict_saddles(teacher):
    a_star, rho = teacher
    assume(rho < boundary(len(a_star)) - 0.05)
    ok, _, detail = strict_saddle()({"a_star": list(a_star)})
    assert ok, detail
