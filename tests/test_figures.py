"""verify.figures.Landscape: one vectorised risk gives the grid, the marked values and the figure."""
import numpy as np

from verify.figures import Landscape


def test_a_landscape_grids_its_risk_and_marks_its_points(tmp_path):
    bowl = Landscape(lambda W: ((W - [1.0, 0.0]) ** 2).sum(axis=1), 2.0,
                     {"minimum": ((1.0, 0.0), "*"), "origin": ((0.0, 0.0), "^")}, n=41)
    xs, values = bowl.grid()
    assert xs[0] == -2.0 and xs[-1] == 2.0 and values.shape == (41, 41)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    assert (xs[j], xs[i]) == (1.0, 0.0)            # columns are w₁, rows w₂
    assert values[0, 20] == 5.0                    # row 0 is w₂ = −2, column 20 is w₁ = 0: 1 + 4
    assert bowl.values() == {"minimum": 0.0, "origin": 1.0}
    bowl.draw(tmp_path / "bowl.png", title="bowl", colorbar="risk")
    assert (tmp_path / "bowl.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
