r"""BG17 §4: hardness of learning a no-overlap network, checked exactly on small instances.

Main statements
---------------
* ``BG17-P4.1``       Set-Splitting-by-k-Sets is NP-complete (k ≥ 2): our own reduction from 3SAT
                      (the paper's is in its unavailable supplementary), checked exhaustively.
* ``BG17-Eq10``       a splitting gives weights with zero risk on the reduction's data (Eqs. 10–11).
* ``BG17-Eq12``       risk < 1/(4k⁵d) forces every point within 1/(2k²) of its label.
* ``BG17-T4.2-dec``   decoding weights of small risk gives a splitting.
* ``BG17-T4.2``       the reduction Set-Splitting-by-k-Sets → k-Non-Overlap-Opt (needs C_j ≠ ∅).
* ``BG17-T4.2-empty`` with C_j = ∅ the instance is NO yet the data are realisable with zero risk.

Definitions (BG17-Def1, Def2)
-----------------------------
Set-Splitting-by-k-Sets: S = {0, …, d − 1}, subsets C_j ⊆ S with |C| ≤ (k − 1)d; YES iff S splits
into disjoint S_1, …, S_k (empty parts allowed) with no C_j inside one part. k-Non-Overlap-Opt:
given a distribution realisable by f(x; w) = (1/k) Σ_l σ(w_l · x_l), output w with risk
< 1/(4k⁵d).

The reduction from 3SAT (ours)
------------------------------
1. 3SAT → NAE-4SAT: clause (a ∨ b ∨ c) becomes NAE(a, b, c, F) with one fresh variable F. A
   satisfying assignment with F false is NAE; an NAE assignment, complemented if F is true, makes
   F false and so one of a, b, c true.
2. NAE-SAT → Set Splitting (k = 2): elements are the literals x, ¬x (and F, ¬F); subsets are the
   pairs {x, ¬x} (complementary literals on different sides) and each clause's literal set
   (not monochromatic = not all equal).
3. Padding: |C| fresh elements in no subset make |C| ≤ (k − 1)d hold without changing the answer.
4. k → k + 1: a fresh element u and the subsets {u, s} for every s ∈ S: u's part holds no element
   of S, so S splits into k parts iff S ∪ {u} splits into k + 1; |C| grows by d ≤ the new budget.
Every step is polynomial; the property test checks satisfiable ⇔ splittable on random formulas.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

from verify import routes as R
from verify.domain import Domain, Integer
from verify.errors import InputError
from verify.registry import Claim, Expression, register
from verify.results import Kind


# --- Set-Splitting-by-k-Sets -------------------------------------------------------------------
@dataclass(frozen=True)
class SetSplitting:
    """An instance of Set-Splitting-by-k-Sets on S = {0, …, d − 1}, validated on construction."""

    d: int
    subsets: tuple[frozenset, ...]
    k: int = 2
    allow_empty: bool = False  # only for the BG17-T4.2-empty caveat
    bounded: bool = True       # |C| <= (k − 1)d; the §6 experiment's instance (|C| = 760) is not

    def __post_init__(self) -> None:
        if not isinstance(self.k, int) or self.k < 2:
            raise InputError(f"k: need an integer k >= 2, got {self.k!r}")
        if not isinstance(self.d, int) or self.d < 1:
            raise InputError(f"d: need an integer d >= 1, got {self.d!r}")
        subsets = tuple(frozenset(c) for c in self.subsets)
        object.__setattr__(self, "subsets", subsets)
        for j, c in enumerate(subsets):
            if not c and not self.allow_empty:
                raise InputError(f"subset C_{j} is empty (the reduction needs every C_j non-empty)")
            bad = sorted(x for x in c if not (isinstance(x, int) and 0 <= x < self.d))
            if bad:
                raise InputError(f"subset C_{j} has elements outside S = {{0..{self.d - 1}}}: {bad}")
        if self.bounded and len(subsets) > (self.k - 1) * self.d:
            raise InputError(f"|C| = {len(subsets)} exceeds (k - 1) d = {(self.k - 1) * self.d}")

    def is_splitting(self, parts) -> bool:
        """Whether ``parts`` (k disjoint sets covering S) split every C_j."""
        parts = [frozenset(p) for p in parts]
        if len(parts) != self.k or sum(map(len, parts)) != self.d or \
                frozenset().union(*parts) != frozenset(range(self.d)):
            return False
        return not any(c <= p for c in self.subsets for p in parts)

    def solve(self):
        """An exact splitting (list of k sets) or None: backtracking over the elements that occur
        in some subset, pruning as soon as a subset lies inside one part; elements in no subset
        go to part 0. Parts are symmetric, so a new element opens at most one new part."""
        used = sorted({x for c in self.subsets for x in c}, key=lambda x: -sum(x in c for c in self.subsets))
        if any(not c for c in self.subsets):
            return None  # an empty subset lies inside every part
        position = {x: i for i, x in enumerate(used)}
        # a subset can be checked once its last element (in `used` order) is placed
        closing = [[] for _ in used]
        for c in self.subsets:
            closing[max(position[x] for x in c)].append(c)
        colour: dict[int, int] = {}

        def place(i: int, opened: int) -> bool:
            if i == len(used):
                return True
            for part in range(min(opened + 1, self.k)):
                colour[used[i]] = part
                if all(len({colour[x] for x in c}) > 1 for c in closing[i]):
                    if place(i + 1, max(opened, part + 1)):
                        return True
            del colour[used[i]]
            return False
        if not place(0, 0):
            return None
        parts = [set() for _ in range(self.k)]
        for x in range(self.d):
            parts[colour.get(x, 0)].add(x)
        return parts


# --- 3SAT and the reduction --------------------------------------------------------------------
def satisfiable(n_vars: int, clauses) -> bool:
    """Brute force over the 2^n assignments; literals are ±(1..n)."""
    for bits in itertools.product((False, True), repeat=n_vars):
        if all(any(bits[abs(l) - 1] == (l > 0) for l in cl) for cl in clauses):
            return True
    return False


def _validate_cnf(n_vars, clauses):
    for j, cl in enumerate(clauses):
        if not cl or any(not isinstance(l, int) or l == 0 or abs(l) > n_vars for l in cl):
            raise InputError(f"clause {j} = {cl!r}: literals must be non-zero integers in ±1..±{n_vars}")


def to_nae(n_vars: int, clauses):
    """3SAT → NAE-SAT: each clause gains the literal F (variable n + 1)."""
    _validate_cnf(n_vars, clauses)
    f = n_vars + 1
    return n_vars + 1, [tuple(cl) + (f,) for cl in clauses]


def nae_to_set_splitting(n_vars: int, clauses) -> tuple[int, list[frozenset]]:
    """NAE-SAT → Set Splitting: literal x ↦ element 2(x−1), ¬x ↦ 2(x−1) + 1."""
    def element(l):
        return 2 * (abs(l) - 1) + (0 if l > 0 else 1)
    subsets = [frozenset({2 * v, 2 * v + 1}) for v in range(n_vars)]
    subsets += [frozenset(element(l) for l in cl) for cl in clauses]
    return 2 * n_vars, subsets


def pad(d: int, subsets, k: int) -> int:
    """Fresh elements in no subset until |C| <= (k − 1) d."""
    return max(d, -(-len(subsets) // (k - 1)))


def raise_k(d: int, subsets):
    """k → k + 1: a fresh element u = d and the subsets {u, s}, s ∈ S."""
    return d + 1, list(subsets) + [frozenset({d, s}) for s in range(d)]


def reduce_3sat(n_vars: int, clauses, k: int) -> SetSplitting:
    """3SAT → Set-Splitting-by-k-Sets (polynomial: O((n + m) k + k²) elements and subsets)."""
    if not isinstance(k, int) or k < 2:
        raise InputError(f"k: need an integer k >= 2, got {k!r}")
    d, subsets = nae_to_set_splitting(*to_nae(n_vars, clauses))
    d = pad(d, subsets, 2)
    for kk in range(2, k):
        d, subsets = raise_k(d, subsets)
        d = pad(d, subsets, kk + 1)
    return SetSplitting(d, tuple(subsets), k)


def random_cnfs(rng, count: int, max_vars: int = 3):
    """(n, clauses): ``count`` formulas with 1..max_vars variables and 2..12 clauses of three
    literals: many clauses for few variables, so that some are unsatisfiable (29 of 150 at the
    P4.1 route's seed)."""
    for _ in range(count):
        n_vars = int(rng.integers(1, max_vars + 1))
        yield n_vars, [tuple(int(v) * (1 if rng.random() < 0.5 else -1)
                             for v in rng.choice(range(1, n_vars + 1), size=3, replace=True))
                       for _ in range(int(rng.integers(2, 13)))]


# --- Theorem 4.2: the data set, the weights, the decoding (exact rationals) --------------------
def training_set(inst: SetSplitting, label=None):
    """[(z, y)]: the paper's x = 𝒹(z) = (z, …, z) ∈ ℝ^{kd} repeats one block z ∈ ℚ^d for every
    filter, so w_l·x_l = w_l·z; z = e_i with y = 1/k, and z = Σ_{i∈C_j} e_i with y = 0.
    ``label`` overrides 1/k (for a control)."""
    d, k = inst.d, inst.k
    y = Fraction(1, k) if label is None else label
    points = [(tuple(Fraction(int(t == i)) for t in range(d)), y) for i in range(d)]
    points += [(tuple(Fraction(int(t in c)) for t in range(d)), Fraction(0)) for c in inst.subsets]
    return points


def network(w, z, k: int):
    """f = (1/k) Σ_l σ(w_l · z), exactly."""
    return sum(max(sum(a * b for a, b in zip(wl, z)), Fraction(0)) for wl in w) / k


def risk(w, data, k: int) -> Fraction:
    return sum((network(w, z, k) - y) ** 2 for z, y in data) / len(data)


def splitting_weights(inst: SetSplitting, parts):
    """w_l = a^{S_l}: 1 on S_l, −d elsewhere (Eqs. 10–11)."""
    return [tuple(Fraction(1) if i in part else Fraction(-inst.d) for i in range(inst.d)) for part in parts]


def risk_threshold(k: int, d: int) -> Fraction:
    return Fraction(1, 4 * k**5 * d)


def decode(w, inst: SetSplitting, cut=None):
    """S_l = {i : w_l · e_i > 1/(2k)}, ties to the first l (BG17-T4.2-dec); elements in no S_l go
    to part 0 (the proof shows there are none when the risk is small)."""
    cut = Fraction(1, 2 * inst.k) if cut is None else cut
    parts = [set() for _ in range(inst.k)]
    for i in range(inst.d):
        for l, wl in enumerate(w):
            if wl[i] > cut:
                parts[l].add(i)
                break
        else:
            parts[0].add(i)
    return parts


# --- random instances ---------------------------------------------------------------------------
def planted_instance(rng, d: int, k: int, n_subsets: int) -> tuple[SetSplitting, list]:
    """A YES instance: a random partition, then random subsets (size ≥ 2) not inside any part."""
    colour = [int(c) for c in rng.integers(0, k, size=d)]
    if len(set(colour)) == 1:  # a single part splits nothing: make sure two parts are used
        colour[0] = (colour[0] + 1) % k
    parts = [{i for i in range(d) if colour[i] == l} for l in range(k)]
    subsets = []
    while len(subsets) < n_subsets:
        size = int(rng.integers(2, d + 1))
        c = frozenset(int(x) for x in rng.choice(d, size=size, replace=False))
        if len({colour[x] for x in c}) > 1:
            subsets.append(c)
    return SetSplitting(d, tuple(subsets), k), parts


def planted_instances(pt, d_lo, d_hi):
    """``pt["count"]`` planted YES instances from ``pt["seed"]``, k ∈ {2, 3}, d ∈ [d_lo, d_hi):
    yields (rng, k, d, instance, parts); the caller may draw more from rng between them."""
    rng = np.random.default_rng(pt["seed"])
    for _ in range(pt["count"]):
        k, d = int(rng.integers(2, 4)), int(rng.integers(d_lo, d_hi))
        yield (rng, k, d, *planted_instance(rng, d, k, int(rng.integers(1, (k - 1) * d + 1))))


def perturbed(w, rng, scale: float):
    """w + rational noise of size ``scale`` (exact arithmetic stays exact)."""
    return [tuple(x + Fraction(int(rng.integers(-1000, 1001)), 1000) * Fraction(scale).limit_denominator(10**6)
                  for x in wl) for wl in w]


k_, d_ = sp.symbols("k d")  # the number of parts and |S|, for the symbolic routes
INSTANCES = Domain(Integer("seed", 0, 2**31 - 1), Integer("count", 1, 200),
                   assumptions=(r"\text{random instances (formulas or planted splittings) drawn from the seed}",))


def instances(count: int):
    """``count`` random instances from one seed drawn from the route's stable key (the generic
    property test draws the seed with Hypothesis)."""
    return INSTANCES.restrict(count={"min_value": count, "max_value": count}).sample(1, boundary=False)


def reduction_agrees(pt):
    """satisfiable ⇔ the produced instance is splittable (both exact), and |C| <= (k − 1)d."""
    reduce = pt.get("reduce", reduce_3sat)
    rng = np.random.default_rng(pt["seed"])
    cases = list(random_cnfs(rng, pt["count"]))
    bad, yes = [], 0
    for n_vars, cnf in cases:
        sat = satisfiable(n_vars, cnf)
        yes += sat
        for k in (2, 3, 4):
            inst = reduce(n_vars, cnf, k)
            sol = inst.solve()
            if (sol is not None) != sat or (sol is not None and not inst.is_splitting(sol)):
                bad.append((n_vars, cnf, k))
    return not bad, float(len(bad)), (f"{len(cases)} formulas ({yes} satisfiable) × k = 2, 3, 4: "
                                      f"{len(bad)} disagreements" + (f", e.g. {bad[0]}" if bad else ""))


def _without_pairs(n_vars, clauses, k):
    """A wrong reduction (control): the complementary-literal pairs {x, ¬x} are dropped."""
    inst = reduce_3sat(n_vars, clauses, k)
    pairs = {frozenset({2 * v, 2 * v + 1}) for v in range(n_vars + 1)}
    return SetSplitting(inst.d, tuple(c for c in inst.subsets if c not in pairs), k)


register(Claim("BG17-P4.1", "§4, Prop. 4.1", "SRC",
               "Set-Splitting-by-k-Sets is NP-complete for every k ≥ 2 (our reduction from 3SAT)",
    domain=INSTANCES,
    statement=r"\text{Set-Splitting-by-}k\text{-Sets is NP-complete for every }k\ge2",
    assumptions=(r"|C|\le(k-1)d", r"\text{reduction: 3SAT}\to\text{NAE-4SAT}\to\text{Set Splitting}"
                 r"\to\text{padding}\to k\mapsto k+1\ (\text{ours; the paper's is not available})"),
    routes=(
        *R.on_settings("exact: satisfiable ⇔ splittable on 150 random 3-CNF formulas, k = 2, 3, 4",
                       Kind.EVALUATION, reduction_agrees, instances(150),
                       {"the pairs {x, ¬x} dropped": {"reduce": _without_pairs}}),
        R.SymbolicRoute("symbolic: one padding or k-step keeps |C| ≤ (k−1)d: |C| + d ≤ k(d + 1)",
                        lambda: sp.expand(k_ * (d_ + 1) - d_ - (k_ - 1) * d_), k_),
    ),
))


# --- Eq. 10–11, Eq. 12, decoding, Theorem 4.2 ---------------------------------------------------
def zero_risk_from_splittings(pt):
    worst = Fraction(0)
    for _, k, d, inst, parts in planted_instances(pt, 2, 7):
        value = risk(splitting_weights(inst, parts), training_set(inst, pt.get("label_of", lambda k: None)(k)), k)
        worst = max(worst, value)
    return worst == 0, float(worst), f"{pt['count']} planted YES instances: largest exact risk {worst}"


register(Claim("BG17-Eq10", "§4, Eqs. 10–11", "SRC",
               "A splitting gives weights a^{S_l} with zero risk on the reduction's data",
    domain=INSTANCES,
    statement=(r"w=(a^{S_1},\dots,a^{S_k}),\ a^{S}_i=1\ (i\in S),\ -d\ (i\notin S):\ f(x_i;w)=\tfrac1k,\ "
               r"f(x_{d+j};w)=0,\ \text{since }\textstyle\sum_{i\in C_j}a^{S_l}_i\le|C_j|-1-d<0"),
    assumptions=(r"S_1,\dots,S_k\text{ split }C", r"1\le|C_j|\le d"),
    uses=("BG17-T4.2",),
    routes=(
        *R.on_settings("exact rational risk on 60 planted YES instances (k = 2, 3; d ≤ 6)", Kind.EVALUATION,
                       zero_risk_from_splittings, instances(60),
                       {"label 1/(2k) for 1/k": {"count": 20, "label_of": lambda k: Fraction(1, 2 * k)}}),
    ),
    expressions=(Expression("key bound", r"\sum_{i\in C_j}a^{S_l}_i",
                            sp.Symbol("c") - 1 - d_),),
))


def small_risk_points(pt):
    """For perturbed splitting weights with exact risk < threshold: every point is within
    1/(2k²) of its label (Eq. 12). Counts how many perturbations fell below the threshold."""
    below = violations = 0
    for rng, k, d, inst, parts in planted_instances(pt, 2, 6):
        data = training_set(inst)
        w = splitting_weights(inst, parts)
        if pt.get("one_point"):  # push one singleton point 0.6/k² off its label
            l = next(l for l, p in enumerate(parts) if 0 in p)
            w[l] = (w[l][0] + Fraction(6, 10 * k), *w[l][1:])
        else:
            w = perturbed(w, rng, float(rng.choice([1e-4, 1e-3, 1e-2, 5e-2])) / k**3)
        if risk(w, data, k) < pt.get("threshold", risk_threshold)(k, d):
            below += 1
            if max(abs(network(w, z, k) - y) for z, y in data) >= Fraction(1, 2 * k**2):
                violations += 1
    return violations == 0 and below > 0, float(violations), (
        f"{below} of {pt['count']} perturbed weight vectors below the threshold; {violations} with a "
        f"point 1/(2k²) or more off its label")


register(Claim("BG17-Eq12", "§4, Eq. 12", "SRC",
               "Risk below 1/(4k⁵d) puts every training point within 1/(2k²) of its label",
    uses=("BG17-T4.2",),
    domain=INSTANCES,
    statement=(r"\mathbb E[(f-y)^2]<\tfrac1{4k^5d}\Rightarrow |f(x;w)-y|<\tfrac1{2k^2}\ \text{at every "
               r"training point (each has mass}\ge\tfrac1{kd})"),
    assumptions=(r"D\text{ uniform on }d+|C|\le kd\text{ points}",),
    routes=(
        R.SymbolicRoute("symbolic: kd · 1/(4k⁵d) = 1/(4k⁴) = (1/(2k²))²",
                        k_ * d_ / (4 * k_**5 * d_), (1 / (2 * k_**2)) ** 2),
        *R.on_settings("exact: perturbed splitting weights below the threshold (k = 2, 3)", Kind.EVALUATION,
                       small_risk_points, instances(80),
                       {"threshold 1/(4k³d)": {"count": 40, "one_point": True,
                                               "threshold": lambda k, d: Fraction(1, 4 * k**3 * d)}}),
    ),
))


def decodes_to_splittings(weights, d_lo: int, what: str):
    """Predicate: on ``pt["count"]`` planted YES instances (d ∈ [d_lo, d_lo + 4)), the weights
    ``weights(inst, parts, rng, k, trial)`` whose exact risk is below 1/(4k⁵d) decode to
    splittings (at least one must get below, or the route has tested nothing)."""
    def predicate(pt):
        below = failures = 0
        for trial, (rng, k, d, inst, parts) in enumerate(planted_instances(pt, d_lo, d_lo + 4)):
            w = weights(inst, parts, rng, k, trial)
            if risk(w, training_set(inst), k) < risk_threshold(k, d):
                below += 1
                failures += not inst.is_splitting(decode(w, inst, pt.get("cut")))
        return failures == 0 and below > 0, float(failures), (
            f"{below} of {pt['count']} {what} below the threshold; {failures} decoded to a non-splitting")
    return predicate


def _perturbed_splitting(inst, parts, rng, k, trial):
    return perturbed(splitting_weights(inst, parts), rng, float(rng.choice([1e-3, 1e-2])) / k**3)


def optimised_weights(inst: SetSplitting, seed: int, steps: int = 3000, lr: float = 0.1):
    """Weights found by full-batch AdaGrad on the reduction's data from a N(0, I) start, returned
    as exact rationals (each float is a dyadic rational), so that their risk is computed exactly."""
    from lemmas.bg17.s6 import adagrad

    data = training_set(inst)
    Z = np.array([[float(v) for v in z] for z, _ in data])
    X, y = np.repeat(Z[:, None, :], inst.k, axis=1), np.array([float(t) for _, t in data])
    W, _ = adagrad(X, y, lr, np.random.default_rng(seed).standard_normal((inst.k, inst.d)), steps)
    return [tuple(Fraction(float(x)) for x in row) for row in W]


def _optimised(inst, parts, rng, k, trial):
    return optimised_weights(inst, trial)


register(Claim("BG17-T4.2-dec", "§4, proof of Thm. 4.2", "SRC",
               "Weights with risk below 1/(4k⁵d) decode to a splitting: S_l = {i : w_l·e_i > 1/(2k)}",
    domain=INSTANCES,
    statement=r"\ell(w)<\tfrac1{4k^5d}\Rightarrow S_l=\{i: w_l\cdot e_i>\tfrac1{2k}\}\text{ split }C",
    assumptions=(r"C_j\neq\emptyset", r"\text{ties broken by the first }l"), uses=("BG17-Eq12",),
    routes=(
        *R.on_settings("exact: perturbed splitting weights below the threshold decode to splittings",
                       Kind.EVALUATION, decodes_to_splittings(_perturbed_splitting, 2, "perturbed weight vectors"),
                       instances(80),
                       {"cut 1 + 1/k for 1/(2k)": {"count": 40, "cut": Fraction(3, 2)}}),
        *R.on_settings("exact: AdaGrad weights on 30 planted instances, those below the threshold",
                       Kind.EVALUATION, decodes_to_splittings(_optimised, 3, "optimised weight vectors"),
                       {"seed": 0, "count": 30}),
    ),
))


def reduction_round_trip(pt):
    """YES instances (from the solver): zero-risk weights and a valid decoding; NO instances: the
    solver finds no splitting, and no random rational weight vector (of 300) gets below the
    threshold — heuristic evidence only."""
    rng = np.random.default_rng(pt["seed"])
    label = pt.get("label")
    problems, yes, no = [], 0, 0
    for n_vars, cnf in random_cnfs(rng, pt["count"], max_vars=2):
        inst = reduce_3sat(n_vars, cnf, 2)
        data = training_set(inst, label)
        parts = inst.solve()
        if parts is not None:
            yes += 1
            w = splitting_weights(inst, parts)
            if risk(w, data, 2) != 0 or not inst.is_splitting(decode(w, inst)):
                problems.append(cnf)
        else:
            no += 1
            for _ in range(pt.get("random_weights", 300) // 30):
                w = [tuple(Fraction(int(x), 4) for x in rng.integers(-8, 9, size=inst.d)) for _ in range(2)]
                if risk(w, data, 2) < risk_threshold(2, inst.d):
                    problems.append(cnf)
                    break
    return not problems, float(len(problems)), f"{yes} YES and {no} NO instances; {len(problems)} problems"


register(Claim("BG17-T4.2", "§4, Thm. 4.2", "SRC",
               "k-Non-Overlap-Opt is NP-complete (reduction from Set-Splitting-by-k-Sets)",
    uses=("BG17-P4.1", "BG17-Eq10", "BG17-Eq12", "BG17-T4.2-dec"), domain=INSTANCES,
    statement=(r"\text{for every }k\ge2,\ k\text{-Non-Overlap-Opt is NP-complete: }x_i=\mathcal d(e_i),\ "
               r"y_i=\tfrac1k;\ x_{d+j}=\mathcal d(\textstyle\sum_{i\in C_j}e_i),\ y_{d+j}=0"),
    assumptions=(r"C_j\neq\emptyset\ (\text{BG17-T4.2-empty})", r"D\text{ uniform on the }d+|C|\text{ points}"),
    routes=(
        *R.on_settings("exact: 3SAT → instance → data; YES: zero risk and decoding; NO: no splitting",
                       Kind.EVALUATION, reduction_round_trip, instances(40),
                       {"label 1/(2k) for 1/k": {"count": 20, "label": Fraction(1, 4)}}),
    ),
))


def empty_subset_caveat(pt):
    inst = SetSplitting(2, tuple(frozenset(c) for c in pt["subsets"]), 2, allow_empty=True)
    w = [(Fraction(1), Fraction(1)), (Fraction(-1), Fraction(-1))]
    value = risk(w, training_set(inst), 2)
    no = inst.solve() is None
    return no and value == 0, float(value), f"C = {pt['subsets']}: splittable {not no}; risk of w = ((1,1),(−1,−1)) = {value}"


register(Claim("BG17-T4.2-empty", "§4 (derived)", "DER",
               "With an empty C_j the instance is NO yet the data have a zero-risk network",
    uses=("BG17-T4.2",),
    statement=r"S=\{1,2\},\ C=\{\emptyset\},\ k=2:\ \text{no splitting, but }w=(1,1,-1,-1)\text{ has risk }0",
    assumptions=(r"\text{the converse step of Thm. 4.2 needs }|C_j|\ge1",),
    routes=(
        *R.on_settings("exact: C = {∅}", Kind.EVALUATION, empty_subset_caveat, {"subsets": [()]},
                       {"C = {{0}}: also NO, and the same w has positive risk": {"subsets": [(0,)]}}),
    ),
))
