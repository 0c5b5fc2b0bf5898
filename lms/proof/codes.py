"""Verification codes printed on certificates, so anyone can check one by hand.

A code is 80 random bits written as 16 characters of Crockford base32
(``0123456789ABCDEFGHJKMNPQRSTVWXYZ``): no I, L, O or U, so it survives being read
aloud or typed from paper. Store the normalized form (16 characters, no dashes) and
show it grouped as ``ABCD-EFGH-JKMN-PQRS``.
"""

from __future__ import annotations

import secrets

__all__ = ["ALPHABET", "CODE_LENGTH", "format_code", "new_verification_code", "normalize_code"]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 characters × 5 bits = 80 bits
_GROUP = 4

# Crockford's decoding rules: letters people confuse with digits are read as those digits.
_CONFUSABLES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_VALID = frozenset(ALPHABET)


def new_verification_code() -> str:
    """Return a fresh code: 80 bits from :mod:`secrets`, 16 characters, no dashes.

    80 bits makes guessing a valid code hopeless even without rate limits; uniqueness
    is still worth a database constraint, since the caller stores the code.
    """
    value = secrets.randbits(CODE_LENGTH * 5)
    chars = []
    for _ in range(CODE_LENGTH):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def normalize_code(text: str) -> str | None:
    """Turn what a person typed into the stored form, or ``None`` if it cannot be a code.

    Upper-cases, drops dashes and whitespace, and reads I and L as 1 and O as 0 (per
    Crockford). Returns ``None`` unless exactly 16 valid characters remain.
    """
    if not isinstance(text, str) or not text.isascii():
        # Non-ASCII input could upper-case into ASCII (e.g. "ı" → "I"); refuse it.
        return None
    compact = "".join(text.split()).replace("-", "").upper().translate(_CONFUSABLES)
    if len(compact) != CODE_LENGTH or not _VALID.issuperset(compact):
        return None
    return compact


def format_code(code: str) -> str:
    """Return ``code`` grouped for display, e.g. ``ABCD-EFGH-JKMN-PQRS``.

    Accepts the stored form or anything :func:`normalize_code` accepts; raises
    ``ValueError`` for a string that is not a valid code.
    """
    normalized = normalize_code(code)
    if normalized is None:
        raise ValueError(f"not a verification code: {code!r}")
    return "-".join(normalized[i : i + _GROUP] for i in range(0, CODE_LENGTH, _GROUP))
