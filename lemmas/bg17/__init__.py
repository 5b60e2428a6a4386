"""Brutzkus & Globerson, *Globally Optimal Gradient Descent for a ConvNet with Gaussian Inputs*,
ICML 2017 (``BG17``): one module per section, each headed by its main statements — §3 ``s3``,
``s3_risk``; §4 ``s4``; §5 ``s5``, ``s5_critical``, ``s5_dynamics``; §6 ``s6``; §7 ``s7``,
``s7_quadrant``, ``s7_sweep``. Importing the package registers every claim."""
from . import s3, s3_risk, s4, s5, s5_critical, s5_dynamics, s6, s7, s7_quadrant, s7_sweep  # noqa: F401  (registration)
