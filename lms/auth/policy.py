"""Rules for what people type: passwords, usernames and names (pure, no Flask).

One place for each rule, so the CLI, the web forms and activation links agree.
Messages are English msgids; callers translate them with ``gettext``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
MAX_USERNAME_LENGTH = 80
MAX_DISPLAY_NAME_LENGTH = 120
MAX_EMAIL_LENGTH = 254
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt"

# Control characters and the bidirectional overrides/isolates that let a name read
# backwards on a certificate (U+202A-U+202E, U+2066-U+2069, marks U+200E/U+200F, U+061C).
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}\\u200b\\ufeff]")
_USERNAME_PUNCTUATION = set("._-")

PASSWORD_TOO_SHORT = "Use at least %(min)d characters."  # noqa: S105 - a message
PASSWORD_TOO_LONG = "Use at most %(max)d characters."  # noqa: S105 - a message
PASSWORD_BLANK = "A password cannot be only spaces."  # noqa: S105 - a message
PASSWORD_COMMON = "This password is too common. Choose a longer sentence only you know."  # noqa: S105 - a message
PASSWORD_IS_USERNAME = "The password must not be your username."  # noqa: S105 - a message


class PolicyError(ValueError):
    """Input that breaks a rule; ``message`` is an English msgid, ``params`` fill it in."""

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, folded to lower case."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str | None = None) -> PolicyError | None:
    """The first rule ``password`` breaks (ASVS 2.1), or None when it is acceptable.

    At least MIN_PASSWORD_LENGTH characters (spaces count, so a sentence is fine), not
    only whitespace, not in the shipped list of common passwords (ignoring case, spaces
    and a repeat such as ``passwordpassword``), not the username, and few distinct
    characters (``aaaaaaaaaaaa``, ``121212121212``) count as common.
    """
    if not password.strip():
        return PolicyError(PASSWORD_BLANK)
    if len(password) < MIN_PASSWORD_LENGTH:
        return PolicyError(PASSWORD_TOO_SHORT, min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return PolicyError(PASSWORD_TOO_LONG, max=MAX_PASSWORD_LENGTH)
    folded = "".join(unicodedata.normalize("NFKC", password).casefold().split())
    if username and folded == "".join(fold_username(username).split()):
        return PolicyError(PASSWORD_IS_USERNAME)
    common = common_passwords()
    if folded in common or len(set(folded)) < 4 or _repeats_common(folded, common):
        return PolicyError(PASSWORD_COMMON)
    return None


def check_password(password: str, username: str | None = None) -> None:
    """Raise :class:`PolicyError` when ``password`` breaks a rule of :func:`password_problem`."""
    problem = password_problem(password, username)
    if problem is not None:
        raise problem


def _repeats_common(folded: str, common: frozenset[str]) -> bool:
    for size in range(1, len(folded) // 2 + 1):
        if len(folded) % size == 0 and folded[:size] * (len(folded) // size) == folded:
            return folded[:size] in common or size < 4
    return False


def clean_text(value: str | None) -> str:
    """``value`` NFC-normalised, stripped, without control or bidi-override characters."""
    if not value:
        return ""
    return _UNSAFE.sub("", unicodedata.normalize("NFC", value)).strip()


def fold_username(username: str) -> str:
    """The key two usernames share when they look alike: NFKC + casefold (+ NFKC)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())


USERNAME_EMPTY = "Give a username."
USERNAME_TOO_LONG = "A username can be at most %(max)d characters."
USERNAME_CHARACTERS = (
    "A username can hold letters (a-z, also æ, ø, å, ä, ö), digits, dot, dash and underscore."
)


def clean_username(username: str) -> str:
    """``username`` normalised (NFKC, trimmed) and checked; raises :class:`PolicyError`.

    Allowed: Latin letters (ASCII and accented, as in Åse or Björn), digits, ``.``,
    ``_`` and ``-``. Letters of other scripts are refused, so a Cyrillic ``а`` cannot
    pass for a Latin ``a`` (``аdmin``). The case is kept for display; uniqueness uses
    :func:`fold_username`.
    """
    # Not clean_text: a hidden character in a username is refused, not silently dropped.
    username = unicodedata.normalize("NFKC", username or "").strip()
    if not username:
        raise PolicyError(USERNAME_EMPTY)
    if len(username) > MAX_USERNAME_LENGTH:
        raise PolicyError(USERNAME_TOO_LONG, max=MAX_USERNAME_LENGTH)
    if not all(_username_char(c) for c in username):
        raise PolicyError(USERNAME_CHARACTERS)
    return username


def _username_char(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char in _USERNAME_PUNCTUATION
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN ")
