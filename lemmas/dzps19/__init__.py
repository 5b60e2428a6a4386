"""Du, Zhai, Póczos & Singh, *Gradient Descent Provably Optimizes Over-parameterized Neural
Networks*, ICLR 2019 (``DZPS19``): one module per part; importing the package registers every
claim.

* :mod:`.gram` the Gram matrix H∞ (Assumption 3.1), its closed form and kernel links, and the
  public :func:`~lemmas.dzps19.gram.gram_infinity`, :func:`~lemmas.dzps19.gram.lambda0`
"""
from . import constants, descent, experiment, flow, gram, joint, remarks, spectrum  # noqa: F401  (registration)
