"""Errors the engine raises for bad input.

Every message is one line and names the offending input; the CLI prints it and exits with 2.
"""


class InputError(ValueError):
    """Bad input from a user or a caller: a zero vector where one is not allowed, NaN or inf,
    mismatched dimensions, an unknown claim ID, an invalid integer parameter."""


class UnknownClaimError(InputError, KeyError):
    """An ID that is not in the registry."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class ClaimDeclarationError(InputError):
    """A mistake in a claim's declaration (an ID that breaks the pattern, an unknown tier, a
    duplicate ID), reported as one line naming the file and line of the declaration."""
