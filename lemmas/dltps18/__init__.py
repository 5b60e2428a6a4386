"""Du, Lee, Tian, Póczos & Singh, *Gradient Descent Learns One-hidden-layer CNN: Don't be Afraid of
Spurious Local Minima*, ICML 2018 (``DLTPS18``): one module per part; importing the package
registers every claim. Only the abstract and the start of the introduction could be read, so
almost every claim is ``DER`` (derived for the catalogue) or ``EMP`` (our simulations).

* :mod:`.model` the network, the kernel facts and the loss derived by expanding the square
* :mod:`.loss` K1–K4, L1–L5, BG1, BG2; :mod:`.gradients` G1–G3, BG3
* :mod:`.critical` C2–C6; :mod:`.landscape` C1, C7, H1, BG4
* :mod:`.simulate` the vectorised WN-GD simulator; :mod:`.dynamics` G4, DY1–DY7
* :mod:`.probability` PR1–PR5, H2–H4, EX1 and the outcome table
"""
from . import critical, dynamics, gradients, landscape, loss, probability  # noqa: F401  (registration)
