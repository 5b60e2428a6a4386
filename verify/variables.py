r"""The variables a claim's :class:`~verify.domain.Domain` is made of, each able to draw its
values (seeded numpy or Hypothesis, boundary values first), validate a value naming the input,
give its SymPy symbol and its LaTeX.

:class:`Vector` (dimension groups, non-zero, unit, fixed size, an angle to another vector),
:class:`Real` (bounds, open ends, log scale), :class:`Integer`, :func:`Angle`, :class:`UnitRows`
(a data set: n unit rows, no two parallel), :class:`Matrix` (rows × columns in shared groups).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

import sympy

from .errors import InputError

BOUNDARY_ANGLES = (0.0, 1e-8, math.pi / 2, math.pi - 1e-8, math.pi)
"""Angles every angle-bearing domain visits first: the ends exactly and within 1e-8 of them."""

PARALLEL_TOLERANCE = 1e-12
"""|cos| above 1 - this counts as parallel (rows of a data set; float rounding is ~1e-16)."""


# --- drawing: one code path for seeded numpy draws and for Hypothesis ------------------------
class _RngDraw:
    """Draws from a numpy Generator; ``boundary`` = i picks the i-th special value."""

    def __init__(self, rng: np.random.Generator, boundary: int | None):
        self.rng, self.boundary = rng, boundary

    def integer(self, lo, hi):
        return int(self.rng.integers(lo, hi + 1))

    def uniform(self, lo, hi):
        return float(self.rng.uniform(lo, hi))

    def log_uniform(self, lo, hi):
        return float(math.exp(self.rng.uniform(math.log(lo), math.log(hi))))

    def normal(self, shape):
        return self.rng.standard_normal(shape)

    def special(self, values):
        if self.boundary is None or not values:
            return None
        return values[self.boundary % len(values)]


class _HypothesisDraw:
    """Draws from a Hypothesis ``draw``; special values are drawn about a third of the time."""

    def __init__(self, draw):
        from hypothesis import strategies as st

        self.draw, self.st = draw, st

    def integer(self, lo, hi):
        return self.draw(self.st.integers(lo, hi))

    def uniform(self, lo, hi):
        return self.draw(self.st.floats(lo, hi, allow_nan=False))

    def log_uniform(self, lo, hi):
        return 10.0 ** self.draw(self.st.floats(math.log10(lo), math.log10(hi), allow_nan=False))

    def normal(self, shape):
        seed = self.draw(self.st.integers(0, 2**32 - 1))
        return np.random.default_rng(seed).standard_normal(shape)

    def special(self, values):
        if not values:
            return None
        st = self.st
        return self.draw(st.one_of(st.none(), st.none(), st.sampled_from(list(values))))


def _unit(d, dim: int) -> np.ndarray:
    while True:
        x = np.asarray(d.normal(dim), dtype=float)
        n = np.linalg.norm(x)
        if n > 1e-3:
            return x / n


def _finite(arr: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name}: entries must be finite (got NaN or inf)")


def _as_array(value: Any, name: str, what: str) -> np.ndarray:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name}: expected {what} of real numbers, got {value!r}") from None


def _tex_name(name: str, latex: str | None) -> str:
    """``latex``, else SymPy's rendering of ``name`` with words set upright (``count`` →
    \\mathrm{count}, ``x_max`` → x_{\\mathrm{max}}), and the suffix ``_star`` as an asterisk
    (``w_star`` → w^*), so that no word renders as a product of italic letters."""
    if latex:
        return latex
    if name.endswith("_star") and len(name) > 5:
        return _tex_name(name[:-5], None) + "^*"
    tex = sympy.latex(sympy.Symbol(name))
    if len(tex) > 1 and tex.isalpha():
        return rf"\mathrm{{{tex}}}"
    return re.sub(r"_\{([A-Za-z]{2,})\}", r"_{\\mathrm{\1}}", tex)


def _parse_rows(name: str, text: str) -> list[list[float]]:
    """'a,b;c,d' → [[a, b], [c, d]] (a matrix on the command line)."""
    try:
        return [[float(x) for x in r.split(",") if x.strip()] for r in text.split(";")]
    except ValueError:
        raise InputError(f"{name}: cannot read {text!r} as rows 'a,b;c,d'") from None


class _Named:
    """A variable's LaTeX name: ``latex`` if given, else SymPy's rendering of ``name``."""

    @property
    def tex(self) -> str:
        return _tex_name(self.name, self.latex)


# --- variables ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Vector(_Named):
    """A real vector. Vectors sharing ``dim`` have equal length; ``size`` fixes the length.

    Drawing: dimension uniform in [min_dim, max_dim] (shared by the group), norm log-uniform in
    ``norms`` (1 if ``unit``); with ``angle_to`` the vector is drawn at an angle to that vector,
    the boundary angles first, then uniform in ``angles``."""

    name: str
    dim: str = "d"
    nonzero: bool = False
    min_dim: int = 1
    size: int | None = None
    unit: bool = False
    max_dim: int = 8
    norms: tuple[float, float] = (1e-3, 1e3)
    angle_to: str | None = None
    angles: tuple[float, float] = (0.0, math.pi)
    boundary_angles: tuple[float, ...] = BOUNDARY_ANGLES
    latex: str | None = None

    def __matmul__(self, other):
        from .symbols import inner

        return inner(self, other)

    def __rmatmul__(self, other):
        from .symbols import inner

        return inner(other, self)

    def __mul__(self, c):  # c * u: a vector expression (verify.symbols.Combination)
        from .symbols import Combination

        return Combination.of(self) * c

    __rmul__ = __mul__

    def __truediv__(self, c):
        from .symbols import Combination

        return Combination.of(self) / c

    def __add__(self, other):
        from .symbols import Combination

        return Combination.of(self) + other

    def __neg__(self):
        from .symbols import Combination

        return -Combination.of(self)

    def validate(self, value: Any) -> np.ndarray:
        arr = _as_array(value, self.name, "a vector")
        if arr.ndim != 1 or arr.size == 0:
            raise InputError(f"{self.name}: expected a non-empty 1-D vector, got shape {arr.shape}")
        _finite(arr, self.name)
        if self.size is not None and arr.size != self.size:
            raise InputError(f"{self.name}: expected {self.size} entries, got {arr.size}")
        if arr.size < self.min_dim:
            raise InputError(f"{self.name}: dimension {arr.size} is below the minimum {self.min_dim}")
        if (self.nonzero or self.unit) and not np.any(arr):
            raise InputError(f"{self.name}: must be a non-zero vector (the claim needs {self.name} != 0)")
        if self.unit and abs(float(np.linalg.norm(arr)) - 1) > 1e-12:
            raise InputError(f"{self.name}: must be a unit vector, got norm {np.linalg.norm(arr):.6g}")
        return arr

    def parse(self, text: str) -> np.ndarray:
        parts = [p for p in text.strip().strip("[]()").replace(";", ",").split(",") if p.strip()]
        try:
            values = [float(p) for p in parts]
        except ValueError:
            raise InputError(f"{self.name}: cannot read {text!r} as a comma-separated vector") from None
        return self.validate(values)

    def dim_range(self) -> tuple[int, int]:
        if self.size is not None:
            return self.size, self.size
        lo = max(self.min_dim, 2 if self.angle_to else 1)
        return lo, max(lo, self.max_dim)

    def boundary_count(self) -> int:
        return len(self.boundary_angles) if self.angle_to else 0

    def draw(self, d, dims: dict[str, int], drawn: dict[str, Any]) -> np.ndarray:
        dim = dims[self.dim]
        length = 1.0 if self.unit else d.log_uniform(*self.norms)
        if self.angle_to is None:
            return length * _unit(d, dim)
        theta = d.special(self.boundary_angles)
        if theta is None:
            theta = d.uniform(*self.angles)
        other = drawn[self.angle_to]
        if theta in (0, math.pi):  # exactly (anti)parallel: a power-of-two multiple, no rounding
            scale = 2.0 ** round(math.log2(length / float(np.linalg.norm(other))))
            return (scale if theta == 0 else -scale) * other
        u_hat = other / np.linalg.norm(other)
        w = _unit(d, dim)
        w = w - (w @ u_hat) * u_hat
        if np.linalg.norm(w) < 1e-6:  # drawn (nearly) parallel: use the least aligned axis
            w = np.eye(dim)[int(np.argmin(np.abs(u_hat)))]
            w = w - (w @ u_hat) * u_hat
        w /= np.linalg.norm(w)
        return length * (math.cos(theta) * u_hat + math.sin(theta) * w)

    def assumption(self) -> str:
        space = rf"\mathbb{{R}}^{{{self.size if self.size else self.dim}}}"
        if self.unit:
            return rf"{self.tex} \in {space},\ \lVert {self.tex}\rVert = 1"
        return rf"{self.tex} \in {space}" + (r" \setminus \{0\}" if self.nonzero else "")


@dataclass(frozen=True)
class Integer(_Named):
    """An integer parameter in [min_value, max_value]; drawn uniformly up to ``draw_max`` when
    unbounded above. The ends are boundary values."""

    name: str
    min_value: int = 1
    max_value: int | None = None
    draw_max: int | None = None
    latex: str | None = None

    @property
    def symbol(self) -> sympy.Symbol:
        return sympy.Symbol(self.name, integer=True, positive=self.min_value >= 1 or None,
                            nonnegative=self.min_value >= 0 or None)

    def validate(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer, float, str)):
            raise InputError(f"{self.name}: expected an integer, got {value!r}")
        try:
            as_float = float(value)
        except ValueError:
            raise InputError(f"{self.name}: expected an integer, got {value!r}") from None
        if not math.isfinite(as_float) or as_float != int(as_float):
            raise InputError(f"{self.name}: expected an integer, got {value!r}")
        k = int(as_float)
        if k < self.min_value:
            raise InputError(f"{self.name}: must be >= {self.min_value}, got {k}")
        if self.max_value is not None and k > self.max_value:
            raise InputError(f"{self.name}: must be <= {self.max_value}, got {k}")
        return k

    def parse(self, text: str) -> int:
        return self.validate(text.strip())

    def _hi(self) -> int:
        hi = self.draw_max if self.draw_max is not None else (
            self.max_value if self.max_value is not None else self.min_value + 10)
        return max(self.min_value, min(hi, self.max_value) if self.max_value is not None else hi)

    def boundary_values(self) -> tuple[int, ...]:
        return tuple(sorted({self.min_value, self._hi()}))

    def boundary_count(self) -> int:
        return len(self.boundary_values())

    def draw(self, d, dims, drawn) -> int:
        value = d.special(self.boundary_values())
        return value if value is not None else d.integer(self.min_value, self._hi())

    def assumption(self) -> str:
        if self.max_value is None:
            return rf"{self.tex} \in \mathbb{{Z}},\ {self.tex} \geq {self.min_value}"
        return rf"{self.tex} \in \{{{self.min_value}, \dots, {self.max_value}\}}"


@dataclass(frozen=True)
class Real(_Named):
    """A real parameter in [lo, hi] (open ends by ``open_lo`` / ``open_hi``). End points may be
    SymPy rationals (exact boxes for certified routes). Drawn uniformly (log-uniformly with
    ``log``) over [lo, hi], or over ``draw`` where an end is infinite; the closed finite ends,
    points 1e-8 inside the open ones, and ``special`` values are boundary values."""

    name: str
    lo: Any = -math.inf
    hi: Any = math.inf
    open_lo: bool = False
    open_hi: bool = False
    log: bool = False
    draw_range: tuple[float, float] | None = None
    special: tuple[float, ...] = ()
    latex: str | None = None

    @property
    def symbol(self) -> sympy.Symbol:
        lo = float(self.lo)
        positive = lo > 0 or (lo == 0 and self.open_lo)
        return sympy.Symbol(self.name, real=True, positive=positive or None,
                            nonnegative=lo >= 0 or None)

    def validate(self, value: Any) -> float:
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise InputError(f"{self.name}: expected a real number, got {value!r}") from None
        if not math.isfinite(x):
            raise InputError(f"{self.name}: must be finite, got {value!r}")
        lo, hi = float(self.lo), float(self.hi)
        below = x <= lo if self.open_lo else x < lo
        above = x >= hi if self.open_hi else x > hi
        if below or above:
            lb, rb = "(" if self.open_lo else "[", ")" if self.open_hi else "]"
            raise InputError(f"{self.name}: must lie in {lb}{_show(self.lo)}, {_show(self.hi)}{rb}, got {x}")
        return x

    def parse(self, text: str) -> float:
        return self.validate(text.strip())

    def _range(self) -> tuple[float, float]:
        if self.draw_range is not None:
            return self.draw_range
        lo, hi = float(self.lo), float(self.hi)
        if math.isinf(lo) or math.isinf(hi):
            base = max(lo, 1e-3) if self.log or lo >= 0 else -1e3
            return (base if not math.isinf(lo) or self.log else -1e3,
                    hi if not math.isinf(hi) else 1e3)
        return lo, hi

    def boundary_values(self) -> tuple[float, ...]:
        lo, hi = float(self.lo), float(self.hi)
        ends = []
        for end, is_open, inward in ((lo, self.open_lo, 1), (hi, self.open_hi, -1)):
            if math.isinf(end):
                continue
            ends.append(end + inward * 1e-8 * max(1.0, abs(end)) if is_open else end)
        return tuple(ends) + tuple(self.special)

    def boundary_count(self) -> int:
        return len(self.boundary_values())

    def draw(self, d, dims, drawn) -> float:
        value = d.special(self.boundary_values())
        if value is not None:
            return float(value)
        lo, hi = self._range()
        if self.log:
            x = d.log_uniform(max(lo, 1e-300), hi)
        else:
            x = d.uniform(lo, hi)
        # an open end is never drawn: move it inside by one relative step of 1e-8
        if self.open_lo and x <= float(self.lo):
            x = float(self.lo) + 1e-8 * max(1.0, abs(float(self.lo)))
        if self.open_hi and x >= float(self.hi):
            x = float(self.hi) - 1e-8 * max(1.0, abs(float(self.hi)))
        return x

    def assumption(self) -> str:
        lo, hi = float(self.lo), float(self.hi)
        lt_lo = "<" if self.open_lo else r"\leq"
        lt_hi = "<" if self.open_hi else r"\leq"
        parts = []
        if not math.isinf(lo):
            parts.append(f"{sympy.latex(sympy.nsimplify(self.lo))} {lt_lo} ")
        parts.append(self.tex)
        if not math.isinf(hi):
            parts.append(f" {lt_hi} {sympy.latex(sympy.nsimplify(self.hi))}")
        if len(parts) == 1:
            return rf"{self.tex} \in \mathbb{{R}}"
        return "".join(parts)


def Angle(name: str, lo=0, hi=sympy.pi, **kw) -> Real:
    """An angle in [lo, hi] (default [0, π]) whose boundary values include 1e-8 from each end."""
    a, b = float(lo), float(hi)
    special = tuple(x for x in (a + 1e-8, (a + b) / 2, b - 1e-8) if a < x < b)
    return Real(name, lo, hi, special=special, **kw)


@dataclass(frozen=True)
class UnitRows(_Named):
    """A data set: an n x d array of unit rows, no two parallel (|cos| < 1 - 1e-12) unless
    ``parallel_ok``. Boundary draws: a near-parallel pair (angle ``near``) and an antipodal-ish
    pair (angle π - ``near``)."""

    name: str
    rows: tuple[int, int] = (2, 8)
    dim: str = "d"
    min_dim: int = 2
    max_dim: int = 8
    parallel_ok: bool = False
    near: float = 1e-3
    latex: str | None = None

    def validate(self, value: Any) -> np.ndarray:
        arr = _as_array(value, self.name, "an n x d array")
        if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
            raise InputError(f"{self.name}: expected an n x d array of unit rows, got shape {arr.shape}")
        _finite(arr, self.name)
        if not self.rows[0] <= arr.shape[0] <= self.rows[1]:
            raise InputError(f"{self.name}: expected {self.rows[0]}..{self.rows[1]} rows, got {arr.shape[0]}")
        norms = np.linalg.norm(arr, axis=1)
        bad = np.flatnonzero(np.abs(norms - 1) > 1e-12)
        if bad.size:
            raise InputError(f"{self.name}: row {bad[0]} has norm {norms[bad[0]]:.6g}, not 1")
        if not self.parallel_ok:
            cos = np.abs(arr @ arr.T) - np.eye(arr.shape[0])
            i, j = np.unravel_index(np.argmax(cos), cos.shape)
            if cos[i, j] > 1 - PARALLEL_TOLERANCE:
                raise InputError(f"{self.name}: rows {min(i, j)} and {max(i, j)} are parallel")
        return arr

    def parse(self, text: str) -> np.ndarray:
        return self.validate(_parse_rows(self.name, text))

    def dim_range(self) -> tuple[int, int]:
        return self.min_dim, self.max_dim

    def boundary_count(self) -> int:
        return 2

    def draw(self, d, dims, drawn) -> np.ndarray:
        n, dim = d.integer(*self.rows), dims[self.dim]
        X = np.stack([_unit(d, dim) for _ in range(n)])
        which = d.special(("near-parallel", "near-antipodal"))
        if which is not None and n >= 2 and dim >= 2:
            w = X[1] - (X[1] @ X[0]) * X[0]
            if np.linalg.norm(w) < 1e-8:  # X[1] drawn (anti)parallel to X[0]: any orthogonal direction
                e = np.eye(dim)[int(np.argmin(np.abs(X[0])))]
                w = e - (e @ X[0]) * X[0]
            w /= np.linalg.norm(w)
            angle = self.near if which == "near-parallel" else math.pi - self.near
            X[1] = math.cos(angle) * X[0] + math.sin(angle) * w
            X[1] /= np.linalg.norm(X[1])
        if not self.parallel_ok and dim >= 2:
            self._separate(X)
        return X

    def _separate(self, X: np.ndarray) -> None:
        """Turn any row drawn (anti)parallel to an earlier one (Hypothesis shrinks rows towards
        equal ones) away from it, by ``near`` and then by growing angles, so a drawn point always
        passes :meth:`validate`."""
        for j in range(1, len(X)):
            for attempt in range(60):
                cos = np.abs(X[:j] @ X[j])
                if cos.max() <= 1 - 10 * PARALLEL_TOLERANCE:
                    break
                e = np.eye(X.shape[1])[(int(np.argmin(np.abs(X[j]))) + attempt) % X.shape[1]]
                w = e - (e @ X[j]) * X[j]
                if np.linalg.norm(w) < 1e-8:
                    continue
                angle = self.near * 2.0 ** (attempt % 12)
                X[j] = math.cos(angle) * X[j] + math.sin(angle) * w / np.linalg.norm(w)
                X[j] /= np.linalg.norm(X[j])

    def assumption(self) -> str:
        rows = rf"{self.tex} \in \mathbb{{R}}^{{n \times {self.dim}}},\ \lVert {self.tex}_i\rVert = 1"
        return rows + ("" if self.parallel_ok else rf",\ {self.tex}_i \nparallel {self.tex}_j\ (i \neq j)")


@dataclass(frozen=True)
class Matrix(_Named):
    """A matrix whose rows are vectors (e.g. the weights of a layer): ``rows`` and ``dim`` name
    groups, so matrices (and vectors) sharing a group have equal row counts (dimensions). Each row
    is drawn as a uniform direction times a log-uniform norm in ``norms``."""

    name: str
    rows: str = "n"
    dim: str = "d"
    min_rows: int = 1
    max_rows: int = 4
    min_dim: int = 1
    max_dim: int = 8
    norms: tuple[float, float] = (1e-3, 1e3)
    latex: str | None = None

    def validate(self, value: Any) -> np.ndarray:
        arr = _as_array(value, self.name, "a matrix")
        if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
            raise InputError(f"{self.name}: expected a non-empty matrix (rows × columns), got shape {arr.shape}")
        _finite(arr, self.name)
        return arr

    def parse(self, text: str) -> np.ndarray:
        return self.validate(_parse_rows(self.name, text))

    def dim_range(self) -> tuple[int, int]:
        return self.min_dim, max(self.min_dim, self.max_dim)

    def boundary_count(self) -> int:
        return 0

    def draw(self, d, dims, drawn) -> np.ndarray:
        return np.stack([d.log_uniform(*self.norms) * _unit(d, dims[self.dim])
                         for _ in range(dims[self.rows])])

    def assumption(self) -> str:
        return rf"{self.tex} \in \mathbb{{R}}^{{{self.rows} \times {self.dim}}}"


Variable = Vector | Integer | Real | UnitRows | Matrix


def _show(x) -> str:
    return str(x) if not isinstance(x, float) or not math.isinf(x) else ("inf" if x > 0 else "-inf")
