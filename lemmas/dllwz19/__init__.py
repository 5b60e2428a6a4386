"""Du, Lee, Li, Wang & Zhai, *Gradient Descent Finds Global Minima of Deep Neural Networks*,
ICML 2019 (``DLLWZ19``): one module per part; importing the package registers every claim. The
display equations were not seen: the recursions are derived forms (``DER``).

* :mod:`.kernels` the limit Gram recursions K^(h) (FC, ResNet, conv-ResNet) as public functions
* :mod:`.network` finite networks: forward, back-propagation, G^(h), gradient descent
* :mod:`.common` data sets, Monte Carlo over seeds, the high-precision per-pair recursion
* :mod:`.conditions` C3.1a, C3.2a, X2, N1, N2
* :mod:`.limits` D5.1-LIM, D6.1-LIM, D7.1-LIM, S4.3, X3
* :mod:`.spectrum` PF.1, PF.2, K1, S4.4, I1–I3
* :mod:`.training` S4.1, S4.2, S4.5, T5.1, T6.1, T7.1, R4
* :mod:`.comparisons` X1, R1, R2, R3, R5
"""
from . import comparisons, conditions, limits, spectrum, training  # noqa: F401  (registration)
