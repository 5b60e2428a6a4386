"""Derivations and claims, one package per paper (``lemmas.bg17`` ...) and ``lemmas.common`` for
the mathematics several papers share. Each paper package is one ``verify.claims`` entry point."""
