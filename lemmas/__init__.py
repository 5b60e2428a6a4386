"""SymPy derivations of the papers' claims, one module per paper section.

Each module registers its claims with :mod:`verify` on import; ``pyproject.toml`` lists the
modules in the ``verify.claims`` entry-point group.
"""
