"""Bad input gives one clear line that names the input."""
import math

import mpmath

import numpy as np
import pytest

from verify.domain import Integer, Real, Vector, parse_assignments, validate_point
from verify.errors import InputError

VARS = (Vector("u", nonzero=True), Vector("v"), Integer("k", min_value=1))


@pytest.mark.parametrize("point, message", [
    ({"u": [0.0, 0.0], "v": [1.0, 1.0], "k": 2}, "u: must be a non-zero vector"),
    ({"u": [1.0, math.nan], "v": [1.0, 1.0], "k": 2}, "u: entries must be finite"),
    ({"u": [1.0, 2.0], "v": [1.0, math.inf], "k": 2}, "v: entries must be finite"),
    ({"u": [1.0, 2.0], "v": [1.0, 2.0, 3.0], "k": 2}, "v: dimension 3 does not match u"),
    ({"u": [1.0, 2.0], "v": [1.0, 2.0], "k": 2.5}, "k: expected an integer"),
    ({"u": [1.0, 2.0], "v": [1.0, 2.0], "k": 0}, "k: must be >= 1"),
    ({"u": [1.0, 2.0], "v": [1.0, 2.0], "k": -3}, "k: must be >= 1"),
    ({"u": [1.0, 2.0], "v": [1.0, 2.0], "k": True}, "k: expected an integer"),
    ({"u": [1.0, 2.0], "v": [1.0, 2.0]}, "missing variable 'k'"),
    ({"u": [1.0, 2.0], "v": [1.0, 2.0], "k": 1, "w": 3}, "unknown variable 'w'"),
    ({"u": [[1.0, 2.0]], "v": [1.0, 2.0], "k": 1}, "u: expected a non-empty 1-D vector"),
    ({"u": "abc", "v": [1.0, 2.0], "k": 1}, "u: expected a vector of real numbers"),
])
def test_bad_points(point, message):
    with pytest.raises(InputError, match=message) as info:
        validate_point(VARS, point)
    assert "\n" not in str(info.value)


def test_good_point_is_converted():
    out = validate_point(VARS, {"u": [1, 2], "v": (0, 0), "k": "3"})
    assert isinstance(out["u"], np.ndarray) and out["k"] == 3


def test_cli_assignments():
    out = parse_assignments(VARS, ["u=1,2", "v=[0.5, -1]", "k=4"])
    assert list(out["v"]) == [0.5, -1.0]
    with pytest.raises(InputError, match="expected name=value"):
        parse_assignments(VARS, ["u"])
    with pytest.raises(InputError, match="cannot read"):
        parse_assignments(VARS, ["u=1,x", "v=1,2", "k=1"])


def test_real_bounds():
    lam = Real("lambda", 0, 1, open_lo=True, open_hi=True)
    assert lam.validate(0.5) == 0.5
    with pytest.raises(InputError, match=r"lambda: must lie in \(0, 1\)"):
        lam.validate(1)


# --- the domain declared once --------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402

from verify.domain import Angle, Domain, Relation, UnitRows  # noqa: E402
from verify.vectors import angle  # noqa: E402

UV = Domain(Vector("u", nonzero=True), Vector("v", nonzero=True, angle_to="u"),
            Real("lam", 0, 1, open_lo=True, open_hi=True), Integer("k", 2, 1000),
            relations=(Relation(r"k \leq 999", lambda p: p["k"] <= 999),))


def test_boundary_points_come_first_and_every_point_is_valid():
    pts = UV.points(np.random.default_rng(0), 5)
    # 5 boundary combinations (θ = 0, 1e-8, π/2, π − 1e-8, π with the ends of λ and k cycling);
    # the two with k = 1000 violate the relation k ≤ 999 and are skipped
    thetas = [angle(p["u"], p["v"]) for p in pts[:3]]
    assert thetas[0] == 0 and thetas[2] == mpmath.pi and float(thetas[1]) == pytest.approx(math.pi / 2)
    assert pts[0]["lam"] == 1e-8 and pts[0]["k"] == 2
    assert all(p["k"] <= 999 for p in pts) and len(pts) == 8


@settings(max_examples=30, deadline=None)
@given(UV.strategy())
def test_hypothesis_points_satisfy_the_domain(point):
    UV.validate(point)


def test_points_are_reproducible_from_the_seed():
    a = UV.points(np.random.default_rng(7), 3)
    b = UV.points(np.random.default_rng(7), 3)
    assert all(np.array_equal(x["u"], y["u"]) and x["lam"] == y["lam"] for x, y in zip(a, b))


def test_symbols_boxes_latex_and_restrict():
    assert UV.symbol("lam").is_positive and UV.symbol("k").is_integer
    [lam_box, k_box] = UV.bounds("lam", "k")
    assert (lam_box.lo, lam_box.hi, k_box.hi, k_box.integer) == (0, 1, 1000, True)
    tex = UV.latex()
    assert tex[0] == r"u, v \in \mathbb{R}^{d} \setminus \{0\}" and r"0 < \mathrm{lam} < 1" in tex and r"k \leq 999" in tex
    assert Domain(Vector("w_star", size=2), Real("x_max", 0, 1)).latex()[:2] == (
        r"w^* \in \mathbb{R}^{2}", r"0 \leq x_{\mathrm{max}} \leq 1")   # words upright, _star an asterisk
    narrow = UV.restrict(v={"angles": (0.2, 0.3), "boundary_angles": ()})
    assert all(0.2 <= float(angle(p["u"], p["v"])) <= 0.3 for p in narrow.points(np.random.default_rng(1), 5))
    assert not UV.compact and Domain(Real("t", 0, 1), Integer("k", 1, 3)).compact
    with pytest.raises(ValueError, match="unbounded"):
        Domain(Real("t", 0)).bounds()


def test_relations_are_enforced():
    with pytest.raises(InputError, match="violates the assumption"):
        UV.validate({"u": [1.0, 0], "v": [0, 1.0], "lam": 0.5, "k": 1000})


@pytest.mark.parametrize("value, message", [
    ([[1.0, 0.0], [0.6, 0.7]], "row 1 has norm"),
    ([[1.0, 0.0], [-1.0, 0.0]], "rows 0 and 1 are parallel"),
    ([[1.0, math.nan], [0.0, 1.0]], "entries must be finite"),
    ([1.0, 0.0], "expected an n x d array of unit rows"),
])
def test_unit_rows_reject_bad_data_sets_in_one_line(value, message):
    with pytest.raises(InputError, match=message) as info:
        UnitRows("X").validate(value)
    assert "\n" not in str(info.value)


def test_unit_rows_are_drawn_valid_with_near_parallel_boundary_cases():
    dom = Domain(UnitRows("X", rows=(2, 5)))
    pts = dom.points(np.random.default_rng(3), 4)
    X = pts[0]["X"]
    assert np.allclose(np.linalg.norm(X, axis=1), 1) and abs(X[0] @ X[1]) > 0.999


def test_angle_variable():
    th = Angle("theta")
    assert th.validate(math.pi) == math.pi and 1e-8 in th.boundary_values()
    with pytest.raises(InputError, match="must lie in"):
        th.validate(4.0)


def test_matrices_share_row_and_dimension_groups():
    from verify.domain import Matrix

    dom = Domain(Matrix("W", rows="k", dim="d", max_rows=3, min_dim=2, max_dim=5),
                 Matrix("V", rows="k", dim="d", max_rows=3, min_dim=2, max_dim=5))
    for p in dom.points(np.random.default_rng(2), 5):
        assert p["W"].shape == p["V"].shape and 1 <= p["W"].shape[0] <= 3
    with pytest.raises(InputError, match="V: row count 3 does not match W"):
        dom.validate({"W": np.ones((2, 3)), "V": np.ones((3, 3))})
    assert dom.latex()[0] == r"W \in \mathbb{R}^{k \times d}"


def test_unit_rows_without_parallels_never_draw_a_parallel_pair():
    """Hypothesis shrinks rows towards equal ones; a non-parallel domain must still draw valid data."""
    from hypothesis import given, settings

    from verify.domain import Domain, UnitRows

    dom = Domain(UnitRows("X", rows=(2, 12), max_dim=3))

    @settings(max_examples=200, deadline=None)
    @given(dom.strategy())
    def run(point):
        dom.validate(point)
    run()
