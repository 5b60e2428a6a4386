"""Vector geometry at high precision (mpmath), accurate at the angles that matter (0 and pi).

The angle uses ``atan2(|u x v|, u . v)`` with the Lagrange identity
:math:`|u\\times v|^2=\\sum_{i<j}(u_iv_j-u_jv_i)^2`, which keeps full relative accuracy when u and v
are nearly parallel or antiparallel (``acos`` of the cosine would lose half the digits).
"""
from __future__ import annotations

from typing import Sequence

import mpmath


def mp_vector(x: Sequence[float]) -> list:
    return [mpmath.mpf(v) for v in x]


def dot(u: Sequence, v: Sequence):
    return mpmath.fsum(mpmath.mpf(a) * mpmath.mpf(b) for a, b in zip(u, v))


def norm(u: Sequence):
    return mpmath.sqrt(dot(u, u))


def angle(u: Sequence, v: Sequence):
    """The angle in [0, pi] between non-zero u and v, at the working precision."""
    u, v = mp_vector(u), mp_vector(v)
    n = len(u)
    cross2 = mpmath.fsum((u[i] * v[j] - u[j] * v[i]) ** 2 for i in range(n) for j in range(i + 1, n))
    return mpmath.atan2(mpmath.sqrt(cross2), dot(u, v))
