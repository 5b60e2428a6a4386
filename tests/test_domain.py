"""Bad input gives one clear line that names the input."""
import math

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
