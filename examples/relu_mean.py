"""Worked example: E[σ(aᵀx)] = ‖a‖/√(2π) for x ~ N(0, I_d), and a deliberately false companion."""
from verify.gaussian import E, Symbol, Vector, claim, exp, integrate, norm, oo, pi, relu, sqrt, x

a, z = Vector("a", nonzero=True), Symbol("z", real=True)  # z = aᵀx/‖a‖ ~ N(0, 1)
claim("USER-ReLU-mean", E(relu(a @ x)) == norm(a) / sqrt(2 * pi),
      derivation=lambda: integrate(norm(a) * z * exp(-z**2 / 2) / sqrt(2 * pi), (z, 0, oo)),
      controls={"√π for √(2π)": norm(a) / sqrt(pi)})
claim("USER-ReLU-mean-false", E(relu(a @ x)) == norm(a) / 2, expect="refuted")
