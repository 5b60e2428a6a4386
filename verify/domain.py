"""Variables of a claim: what they are, how to validate them, how to draw them.

A claim declares its free variables (``Vector``, ``Integer``, ``Real``). The same declaration
serves three purposes: validating user input (one-line :class:`InputError` naming the input),
parsing ``name=value`` strings from the CLI, and drawing seeded random points for the numeric
routes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from .errors import InputError


@dataclass(frozen=True)
class Vector:
    """A real vector. Vectors sharing ``dim`` must have equal length; ``size`` fixes the length
    (e.g. the 2-filter of BG17 §7)."""

    name: str
    dim: str = "d"
    nonzero: bool = False
    min_dim: int = 1
    size: int | None = None

    def validate(self, value: Any) -> np.ndarray:
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"{self.name}: expected a vector of real numbers, got {value!r}") from None
        if arr.ndim != 1 or arr.size == 0:
            raise InputError(f"{self.name}: expected a non-empty 1-D vector, got shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise InputError(f"{self.name}: entries must be finite (got NaN or inf)")
        if self.size is not None and arr.size != self.size:
            raise InputError(f"{self.name}: expected {self.size} entries, got {arr.size}")
        if arr.size < self.min_dim:
            raise InputError(f"{self.name}: dimension {arr.size} is below the minimum {self.min_dim}")
        if self.nonzero and not np.any(arr):
            raise InputError(f"{self.name}: must be a non-zero vector (the claim needs {self.name} != 0)")
        return arr

    def parse(self, text: str) -> np.ndarray:
        parts = [p for p in text.strip().strip("[]()").replace(";", ",").split(",") if p.strip()]
        try:
            return self.validate([float(p) for p in parts])
        except ValueError as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(f"{self.name}: cannot read {text!r} as a comma-separated vector") from None


@dataclass(frozen=True)
class Integer:
    """An integer parameter with bounds (e.g. the number of blocks k >= 1)."""

    name: str
    min_value: int = 1
    max_value: int | None = None

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


@dataclass(frozen=True)
class Real:
    """A real parameter in [lo, hi] (open ends by ``open_lo`` / ``open_hi``)."""

    name: str
    lo: float = -math.inf
    hi: float = math.inf
    open_lo: bool = False
    open_hi: bool = False

    def validate(self, value: Any) -> float:
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise InputError(f"{self.name}: expected a real number, got {value!r}") from None
        if not math.isfinite(x):
            raise InputError(f"{self.name}: must be finite, got {value!r}")
        below = x <= self.lo if self.open_lo else x < self.lo
        above = x >= self.hi if self.open_hi else x > self.hi
        if below or above:
            lb = "(" if self.open_lo else "["
            rb = ")" if self.open_hi else "]"
            raise InputError(f"{self.name}: must lie in {lb}{self.lo}, {self.hi}{rb}, got {x}")
        return x

    def parse(self, text: str) -> float:
        return self.validate(text.strip())


Variable = Vector | Integer | Real


def validate_point(variables: tuple[Variable, ...], point: Mapping[str, Any]) -> dict[str, Any]:
    """Check a full assignment of the variables; returns the validated values."""
    names = [v.name for v in variables]
    unknown = sorted(set(point) - set(names))
    if unknown:
        raise InputError(f"unknown variable {unknown[0]!r}; this claim takes {', '.join(names)}")
    missing = [n for n in names if n not in point]
    if missing:
        raise InputError(f"missing variable {missing[0]!r}; this claim takes {', '.join(names)}")
    values = {v.name: v.validate(point[v.name]) for v in variables}
    dims: dict[str, tuple[str, int]] = {}
    for v in variables:
        if isinstance(v, Vector):
            size = values[v.name].size
            if v.dim in dims and dims[v.dim][1] != size:
                other, n = dims[v.dim]
                raise InputError(
                    f"{v.name}: dimension {size} does not match {other} (dimension {n})")
            dims.setdefault(v.dim, (v.name, size))
    return values


def parse_assignments(variables: tuple[Variable, ...], items: list[str]) -> dict[str, Any]:
    """Parse CLI ``name=value`` items against the declared variables."""
    by_name = {v.name: v for v in variables}
    raw: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise InputError(f"--at {item!r}: expected name=value, e.g. u=1,0,2")
        name, text = item.split("=", 1)
        name = name.strip()
        if name not in by_name:
            raise InputError(f"--at {item!r}: unknown variable {name!r}; this claim takes "
                             f"{', '.join(by_name) or 'no variables'}")
        raw[name] = by_name[name].parse(text)
    return validate_point(variables, raw)
