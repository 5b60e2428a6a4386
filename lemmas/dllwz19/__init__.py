"""Du, Lee, Li, Wang & Zhai, *Gradient Descent Finds Global Minima of Deep Neural Networks*,
ICML 2019 (``DLLWZ19``)."""
