r"""DLLWZ19 §1–2 — the quantitative comparisons (widths and iteration counts), the iteration-count
bookkeeping (``DLLWZ19-X1``) and the architectures' summary.

Main statements
---------------
* ``DLLWZ19-X1`` (erratum, suspected in the catalogue): with the printed step
  :math:`\eta=O(\lambda H^2/n^2)` and a per-step factor :math:`1-\eta\lambda/2`, the ResNet needs
  :math:`T\approx\frac2{\eta\lambda}\log\frac{L_0}\varepsilon=\Theta(\frac{n^2}{\lambda^2H^2}\log\frac1\varepsilon)`;
  with :math:`\lambda=\kappa c_{res}^2/H^2` (K1, PF.2) that is :math:`n^2H^2\kappa^{-2}c_{res}^{-4}\log\frac1\varepsilon`,
  not the printed :math:`n^2\log(1/\varepsilon)`.
* ``DLLWZ19-R2`` the ResNet comparison: the width :math:`n^4H^2` is the first width term
  :math:`n^4/(\lambda^4H^6)` under :math:`\lambda\propto H^{-2}`; under the same convention the iteration
  count is :math:`n^2H^2`, so no single convention gives both printed numbers.
* ``DLLWZ19-R3`` the FC counts :math:`m\gtrsim n^42^{O(H)}`, :math:`T\gtrsim n^22^{O(H)}\log(1/\varepsilon)` are
  consistent: :math:`1/\lambda_{\min}(K^{(H)})` is itself :math:`2^{O(H)}` (PF.1).
* ``DLLWZ19-R1`` H = 1: :math:`n^6\to n^4` (the n⁴ side rests on the width display, not seen).
* ``DLLWZ19-R5`` FC needs :math:`2^{O(H)}`, the ResNet and conv-ResNet polynomial dependence on H:
  :math:`1/\lambda_{\min}(K^{(H)})` grows exponentially for FC and as :math:`H^2` for both residual nets.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from lemmas.dllwz19.common import conv_inputs, kernels_of, unit_rows
from lemmas.dzps19.constants import n_ as dz_n, radius_width
from verify import routes as R
from verify.registry import Claim, Erratum, Expression, register
from verify.results import Kind, Role, Verdict

n, H, kappa, c, eps, L0, C_eta = sp.symbols("n H kappa c_res epsilon L_0 C_eta", positive=True)
LAMBDA_RES = kappa * c ** 2 / H ** 2
"""λ_min(K^(H)) of the ResNet: κ c_res²/H², κ from the data and σ (K1, PF.2)."""
NOTATION = {n: "n", H: "H", kappa: r"\kappa", c: r"c_{res}", eps: r"\varepsilon", L0: "L_0", C_eta: r"C_{\eta}"}


def iterations(lam, eta):
    """T with L_T = (1 − ηλ/2)^T L_0 ≤ ε, to first order in ηλ: (2/(ηλ)) log(L_0/ε)."""
    return 2 / (eta * lam) * sp.log(L0 / eps)


def resnet_iterations(step_h_power=2):
    lam = LAMBDA_RES
    return sp.simplify(iterations(lam, C_eta * lam * H ** step_h_power / n ** 2))


def corrected_count():
    return 2 * n ** 2 * H ** 2 * sp.log(L0 / eps) / (C_eta * kappa ** 2 * c ** 4)


def printed_count():
    return 2 * n ** 2 * sp.log(L0 / eps) / (C_eta * kappa ** 2 * c ** 4)


def resnet_width_first_term():
    """The REC first width term n⁴/(λ⁴H⁶) with λ = κc²/H²."""
    return sp.simplify(n ** 4 / (LAMBDA_RES ** 4 * H ** 6))


PF_X = lambda: unit_rows(10, 8, 0)  # noqa: E731
DEPTHS = (2, 3, 5, 10, 20, 50, 100, 200)


def ratio_of_iterations(scale_h_power=2, printed=False):
    """T(H)/T(2) from the theorem's own η = C λ H²/n² and λ = λ_min(K^(H)) (softplus, n = 10): T ∝
    1/(λ²H²). Corrected form: T(H)/T(2) ÷ (H/2)² within [1/2, 2]; printed form: T(H)/T(2) ≤ 2."""
    def predicate(setting):
        lams = np.array([float(np.linalg.eigvalsh(kernels_of("resnet", PF_X(), "softplus", h, 0.5).last)[0])
                         for h in DEPTHS])
        hs = np.array(DEPTHS, dtype=float)
        T = 1 / (lams ** 2 * hs ** scale_h_power)
        ratio = T / T[0]
        if printed:
            return R.at_most(float(ratio.max()), 2.0, f"T(200)/T(2) = {ratio[-1]:.3g} (printed: H-free)")
        norm = ratio / (hs / 2) ** 2
        worst = float(max(norm.max(), 1 / norm.min()))
        return R.at_most(worst, 2.0, f"T(H)/T(2) = {', '.join(f'{x:.3g}' for x in ratio)} at H = {DEPTHS}; "
                                     f"÷ (H/2)²: {norm.min():.3f}–{norm.max():.3f}")
    return predicate


register(Claim("DLLWZ19-X1", "§2 (related work), the ResNet iteration count (catalogue: suspected)", "DER",
    "Erratum: the ResNet needs T ≳ n²H² log(1/ε) iterations by the theorem's own η and λ, not n² log(1/ε)",
    statement=(r"\eta=C_\eta\lambda H^2/n^2,\ \lambda=\kappa c_{res}^2/H^2\Rightarrow "
               r"T=\frac{2}{\eta\lambda}\log\frac{L_0}\varepsilon=\frac{2n^2H^2}{C_\eta\kappa^2c_{res}^4}\log\frac{L_0}\varepsilon"),
    assumptions=(r"\eta=O(\lambda_{\min}(K^{(H)})H^2/n^2)\ \text{(printed)}", r"L(k)\le(1-\eta\lambda/2)^kL(0)\ \text{(REC/FUP)}",
                 r"\lambda_{\min}(K^{(H)})=\kappa c_{res}^2/H^2\ \text{(K1, PF.2)}"),
    uses=("DLLWZ19-K1", "DLLWZ19-PF.2", "DLLWZ19-T6.1"),
    routes=(
        R.SymbolicRoute("symbolic: T from η = C λH²/n² and λ = κc²/H²", resnet_iterations, corrected_count),
        R.SymbolicRoute("symbolic control (η without H²: T ∝ H⁴)", lambda: resnet_iterations(0), corrected_count,
                        role=Role.CONTROL),
        R.SymbolicRoute("printed form: T = 2n² log(L_0/ε)/(C κ² c⁴), H-free", resnet_iterations, printed_count,
                        role=Role.PRINTED),
        *R.on_settings("T(H)/T(2) from λ_min(K^(H)) of the kernels, H = 2..200 (softplus, n = 10)", Kind.EVALUATION,
                       ratio_of_iterations(), {}, {"T without the η's H² (∝ 1/λ²)": ratio_of_iterations(0)}),
        R.PredicateRoute("printed form: T(H)/T(2) bounded", Kind.EVALUATION, ratio_of_iterations(printed=True),
                         lambda rng: [{}], role=Role.PRINTED),
    ),
    expressions=(Expression("ResNet iteration count", "T", corrected_count, NOTATION),),
    erratum=Erratum(
        printed="Theorem 6.1 needs T ≳ n² log(1/ε) iterations (data-dependent parameters ignored).",
        corrected="With the printed step η = O(λH²/n²) and λ = λ_min(K^(H)) = κc_res²/H², T = Θ(n²H²κ⁻²c_res⁻⁴ "
                  "log(1/ε)): T ≳ n²H² log(1/ε); the H² cannot be recovered by a larger step, which is capped.",
        evidence="SymPy: 2/(ηλ) log(L₀/ε) = 2n²H²/(Cκ²c⁴) log(L₀/ε); from the kernels (softplus, n = 10, c_res = 1/2) "
                 "T(200)/T(2) ≈ 9e3 ≈ (200/2)² × (κ₂/κ₂₀₀)², not bounded."),
    caveat="Depends on the per-step factor 1 − ηλ/2, a recollected (REC/FUP) display; any factor 1 − Θ(ηλ) gives the same H²."))


register(Claim("DLLWZ19-R2", "§1–2 (related work, the ResNet comparison)", "SRC",
    "Erratum: ResNet width m ≳ n⁴H² and iterations T ≳ n² log(1/ε) cannot both hold under one convention for λ",
    statement=(r"m\gtrsim n^4H^2\ \text{and}\ T\gtrsim n^2\log(1/\varepsilon)\ \text{(printed)};\ "
               r"\lambda\propto H^{-2}\Rightarrow m\gtrsim n^4H^2,\ T\gtrsim n^2H^2\log(1/\varepsilon)"),
    assumptions=(r"\text{first width term } n^4/(\lambda^4H^6)\ \text{(REC)}", r"\eta=O(\lambda H^2/n^2)"),
    uses=("DLLWZ19-X1", "DLLWZ19-K1"),
    routes=(
        R.SymbolicRoute("symbolic: n⁴/(λ⁴H⁶) with λ = κc²/H² is n⁴H²/(κ⁴c⁸)", resnet_width_first_term,
                        n ** 4 * H ** 2 / (kappa ** 4 * c ** 8)),
        R.SymbolicRoute("symbolic: under that convention T ∝ n²H²", resnet_iterations, corrected_count),
        R.SymbolicRoute("symbolic control (λ treated as H-free: the width term is n⁴/H⁶)",
                        lambda: sp.simplify(n ** 4 / (kappa ** 4 * c ** 8 * H ** 6)),
                        n ** 4 * H ** 2 / (kappa ** 4 * c ** 8), role=Role.CONTROL),
        R.SymbolicRoute("printed form: T ∝ n² under the same convention", resnet_iterations, printed_count,
                        role=Role.PRINTED),
        *R.on_settings("the kernels: λ_min(K^(H)) H² is H-free to ×2 (so λ ∝ H⁻² is the convention)", Kind.EVALUATION,
                       ratio_of_iterations(), {}, {"λ H-free (T(H)/T(2) ∝ 1/H²)": ratio_of_iterations(4)}),
    ),
    erratum=Erratum(printed="ResNet: m ≳ n⁴H² and T ≳ n² log(1/ε) (data-dependent parameters ignored).",
                    corrected="Under λ_min(K^(H)) ∝ c_res²/H² (needed for m ≳ n⁴H²): T ≳ n²H² log(1/ε) (X1).",
                    evidence="SymPy on the width term n⁴/(λ⁴H⁶) and on T = 2/(ηλ) log(L₀/ε); the kernels give λ ∝ H⁻²."),
    caveat="The width comparison uses the recollected (REC) width display's first term."))


# --- R3 ------------------------------------------------------------------------------------------------
def fc_iterations():
    lam = sp.Symbol("lambda", positive=True)
    g = sp.Symbol("g", positive=True)          # the 2^{O(H)} factor of the step size
    return sp.simplify(iterations(lam, C_eta * lam / (n ** 2 * g)) * lam ** 2 / (n ** 2 * g)), lam, g


def fc_lambda_exponential(exponential=True):
    """λ_min(K^(H)) of the FC net (softplus, n = 10) decays exponentially: log λ against H is fitted by a
    line with slope < 0 and every point within ×10 of it (so 1/λ² = 2^{O(H)}); the control asks for
    polynomial decay H²λ within ×10."""
    def predicate(setting):
        hs = np.arange(1, 13)
        lams = np.array([float(np.linalg.eigvalsh(kernels_of("fc", PF_X(), "softplus", int(h)).last)[0]) for h in hs])
        if not exponential:
            v = hs ** 2 * lams
            return R.at_most(float(v.max() / v.min()), 10.0, f"H²λ_min spread ×{v.max() / v.min():.3g}")
        slope, icpt = np.polyfit(hs, np.log(lams), 1)
        dev = float(np.max(np.abs(np.log(lams) - (slope * hs + icpt))))
        ok = slope < 0 and dev <= np.log(10)
        return ok, np.log(10) - dev, f"log λ_min ≈ {slope:.3f} H + {icpt:.2f} (H = 1..12), max deviation ×{np.exp(dev):.2f}"
    return predicate


register(Claim("DLLWZ19-R3", "§1–2 (related work, the FC comparison)", "SRC",
    "FC: m ≳ n⁴2^{O(H)} and T ≳ n²2^{O(H)} log(1/ε) are consistent (1/λ_min(K^(H)) is itself 2^{O(H)})",
    statement=r"\eta=\frac{\lambda}{n^22^{O(H)}}\Rightarrow T=O\big(n^22^{O(H)}\lambda^{-2}\log\tfrac1\varepsilon\big),\ \lambda^{-1}=2^{O(H)}",
    assumptions=(r"\eta=O(\lambda/(n^22^{O(H)}))\ \text{(printed)}",), uses=("DLLWZ19-PF.1", "DLLWZ19-T5.1"),
    routes=(
        R.SymbolicRoute("symbolic: T λ²/(n² 2^{O(H)}) = (2/C) log(L_0/ε)", lambda: fc_iterations()[0],
                        2 / C_eta * sp.log(L0 / eps)),
        R.SymbolicRoute("symbolic control (T λ/(n² 2^{O(H)}): a power of λ dropped)",
                        lambda: fc_iterations()[0] / fc_iterations()[1], 2 / C_eta * sp.log(L0 / eps), role=Role.CONTROL),
        *R.on_settings("λ_min(K^(H)) of the FC kernels decays exponentially in H", Kind.EVALUATION,
                       fc_lambda_exponential(), {}, {"polynomial decay H²λ": fc_lambda_exponential(False)}),
    )))


# --- R1 ------------------------------------------------------------------------------------------------
def dzps19_exponent(expected=6):
    def predicate(setting):
        degree = sp.degree(sp.numer(sp.together(radius_width("T4.1"))), dz_n)
        return degree == expected, float(-abs(degree - expected)), f"DZPS19's Theorem 4.1 width ∝ n^{degree}"
    return predicate


def rec_width_needed(setting):
    return None, 0.0, ("the n⁴ side is the first term n⁴/λ⁴ of Theorem 5.1's width display, which was not seen "
                       "(REC/FUP): not decidable from the text read")


register(Claim("DLLWZ19-R1", "§1–2 (related work, H = 1)", "SRC",
    "For H = 1 the over-parameterisation improves from m = Ω(n⁶) (Du et al. 2018) to Ω(n⁴)",
    statement=r"H=1:\ m=\Omega(n^6)\to\Omega(n^4)",
    assumptions=(r"\text{smooth activation (Condition 3.1)}",), uses=("DLLWZ19-T5.1",),
    routes=(
        *R.on_settings("the n⁶ side: DZPS19's derived width (lemmas.dzps19.constants)", Kind.EVALUATION,
                       dzps19_exponent(), {}, {"n⁵": dzps19_exponent(5)}),
        R.PredicateRoute("the n⁴ side: Theorem 5.1's width display", Kind.EVALUATION, rec_width_needed, lambda rng: [{}]),
    ),
    expect=Verdict.UNDECIDED))


# --- R5 ------------------------------------------------------------------------------------------------
def residual_polynomial(arch):
    """H²λ_min(K^(H))/c² within ×2 over H = 2..20 (ResNet: n = 10; conv: n = 4, p = 6)."""
    def predicate(setting):
        X = PF_X() if arch != "conv" else conv_inputs(4, 2, 6, 0)
        hs = (2, 3, 5, 10, 20)
        v = np.array([h * h * float(np.linalg.eigvalsh(kernels_of(arch, X, "softplus", h, 0.5).last)[0]) / 0.25 for h in hs])
        spread = float(v.max() / v.min()) if v.min() > 0 else np.inf
        return R.at_most(spread, 2.0, f"{arch}: H²λ_min/c_res² = {', '.join(f'{x:.3g}' for x in v)} at H = {hs}")
    return predicate


register(Claim("DLLWZ19-R5", "§1 (introduction)", "SRC",
    "FC needs width poly(n)2^{O(H)}, the ResNet poly(n, H), the conv-ResNet poly(n, p, H), each with linear convergence",
    statement=r"m_{\mathrm{FC}}=\Omega(\mathrm{poly}(n)2^{O(H)}),\ m_{\mathrm{Res}}=\Omega(\mathrm{poly}(n,H)),\ m_{\mathrm{Conv}}=\mathrm{poly}(n,p,H)",
    assumptions=(r"\lVert x_i\rVert=1", r"\text{the width bounds grow with }1/\lambda_{\min}(K^{(H)})"),
    uses=("DLLWZ19-T5.1", "DLLWZ19-T6.1", "DLLWZ19-T7.1", "DLLWZ19-PF.1", "DLLWZ19-PF.2"),
    routes=(
        *R.on_settings("FC: λ_min(K^(H)) decays exponentially in H", Kind.EVALUATION, fc_lambda_exponential(), {}),
        *R.on_settings("ResNet: λ_min(K^(H)) ∝ c_res²/H² (polynomial)", Kind.EVALUATION, residual_polynomial("resnet"), {},
                       {"the FC kernel": residual_polynomial("fc")}),
        *R.on_settings("conv-ResNet: λ_0 ∝ c_res²/H² (polynomial)", Kind.EVALUATION, residual_polynomial("conv"), {}),
    ),
    caveat="Linear convergence itself is T5.1, T6.1, T7.1; this claim checks the depth dependence that separates the widths."))

