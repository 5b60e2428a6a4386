"""Brutzkus & Globerson, *Globally Optimal Gradient Descent for a ConvNet with Gaussian Inputs*,
ICML 2017 (``BG17``): one module per section; importing the package registers every claim.

* :mod:`.s3` the kernel g, its gradient and Hessian; :mod:`.s3_risk` the risk (Eq. 7, Eq. 8)
* :mod:`.s4` hardness; :mod:`.s6` the AdaGrad experiment
* :mod:`.s5` the landscape and the GD step; :mod:`.s5_critical` its critical points;
  :mod:`.s5_dynamics` the simulations and Fig. 2
* :mod:`.s7` overlapping filters; :mod:`.s7_quadrant` Props. 7.1–7.2, Thm. 7.3 and Fig. 4;
  :mod:`.s7_sweep` the §7.2 basin study
"""
from . import s3, s3_risk, s4, s5, s5_critical, s5_dynamics, s6, s7, s7_quadrant, s7_sweep  # noqa: F401  (registration)
