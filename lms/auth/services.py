"""Account services: plain functions over a session, no request, app or template.

The password hashing method is an argument (``hash_method``, scrypt by default); views
and CLI commands pass the app's ``PASSWORD_HASH_METHOD``. The rules for what people type
(password policy, usernames, names) live in :mod:`lms.auth.policy` and are applied here,
so the CLI, the web forms and activation links share them.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from lms.auth.policy import (
    MAX_DISPLAY_NAME_LENGTH,
    MAX_EMAIL_LENGTH,
    MIN_PASSWORD_LENGTH,
    PolicyError,
    check_password,
    clean_text,
    clean_username,
    fold_username,
    password_problem,
)
from lms.models import User

DEFAULT_HASH_METHOD = "scrypt"
# Stored instead of a hash while the owner has not chosen a password yet (new staff
# before they use their sign-in card). It has no "$", so no password ever matches it.
UNUSABLE_PASSWORD = "!"  # noqa: S105 (a marker, not a password)

__all__ = [
    "DEFAULT_HASH_METHOD",
    "MIN_PASSWORD_LENGTH",
    "PolicyError",
    "authenticate",
    "check_password",
    "clean_display_name",
    "create_user",
    "end_sessions",
    "find_user",
    "load_user",
    "password_problem",
    "set_password",
]


def hash_password(password: str, hash_method: str = DEFAULT_HASH_METHOD) -> str:
    """A salted hash of ``password`` with ``hash_method`` (a werkzeug method name)."""
    return generate_password_hash(password, method=hash_method)


def load_user(session: Session, session_id: str) -> User | None:
    """Flask-Login's loader: the active user named by ``"<id>:<session version>"``, or None.

    A session or remember cookie made before the user's sessions were ended (sign-out,
    password change, deactivation) carries an old version and loads nobody.
    """
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 12 or len(version) > 12:
        return None
    # Runs on every request: the user and their roles in one query, not two.
    user = session.get(User, int(user_id), options=[joinedload(User.roles)])
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def end_sessions(user: User) -> None:
    """End every session and remember cookie of ``user`` (the caller commits)."""
    user.end_sessions()


def find_user(session: Session, username: str) -> User | None:
    """The user whose username folds (NFKC + casefold) like ``username``, or None."""
    key = fold_username(clean_text(username))
    if not key or len(key) > 80:
        return None
    return session.scalar(sa.select(User).where(User.username_key == key))


def clean_display_name(name: str) -> str:
    """A display name without control or bidi characters, at most 120 characters."""
    name = clean_text(name)
    if len(name) > MAX_DISPLAY_NAME_LENGTH:
        raise PolicyError("A name can be at most %(max)d characters.", max=MAX_DISPLAY_NAME_LENGTH)
    return name


def authenticate(
    session: Session, username: str, password: str, hash_method: str = DEFAULT_HASH_METHOD
) -> User | None:
    """The active user with these credentials, else None — same cost either way."""
    user = find_user(session, username)
    if user is None:
        # Spend the same time as a real check so response times do not reveal usernames.
        check_password_hash(_dummy_hash(hash_method), password)
        return None
    if not password_matches(user, password, hash_method) or not user.active:
        return None
    return user


def password_matches(user: User, password: str, hash_method: str = DEFAULT_HASH_METHOD) -> bool:
    """True when ``password`` is the user's password (never for an account without one)."""
    if not has_usable_password(user):
        check_password_hash(_dummy_hash(hash_method), password)  # the time of a real check
        return False
    return check_password_hash(user.password_hash, password)


def has_usable_password(user: User) -> bool:
    """False until the user has chosen a password (see UNUSABLE_PASSWORD)."""
    return user.password_hash != UNUSABLE_PASSWORD


_DUMMY: dict[str, str] = {}


def _dummy_hash(method: str) -> str:
    if method not in _DUMMY:
        _DUMMY[method] = generate_password_hash("not-a-password", method=method)
    return _DUMMY[method]


def create_user(
    session: Session,
    username: str,
    password: str | None,
    *,
    hash_method: str = DEFAULT_HASH_METHOD,
    roles: list[str] | tuple[str, ...] = ("learner",),
    display_name: str | None = None,
    email: str | None = None,
    language: str | None = None,
    organisation_id: int | None = None,
) -> User:
    """Add a user with roles (flushes; the caller commits).

    ``password=None`` creates an account without a password: its owner chooses one on a
    one-time activation link (a printed sign-in card). Raises ValueError (a
    :class:`PolicyError` for broken input rules) on a bad or taken username (taken also
    when it only differs in case or width), a bad name or email, or a password that
    breaks :func:`check_password`.
    """
    username = clean_username(username)
    if find_user(session, username) is not None:
        raise ValueError(f"username {username!r} is taken")
    if password is not None:
        check_password(password, username)
    display_name = clean_display_name(display_name or "") or username
    email = clean_text(email) or None
    if email is not None and len(email) > MAX_EMAIL_LENGTH:
        raise PolicyError("An email address can be at most %(max)d characters.", max=254)
    user = User(
        username=username,
        username_key=fold_username(username),
        display_name=display_name,
        email=email,
        password_hash=(
            UNUSABLE_PASSWORD if password is None else hash_password(password, hash_method)
        ),
        language=language,
        organisation_id=organisation_id,
    )
    for role in roles:
        user.add_role(role)
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str, hash_method: str = DEFAULT_HASH_METHOD) -> None:
    """Replace the user's password hash and end their other sessions.

    Raises :class:`PolicyError` (a ValueError) when the password breaks the policy.
    """
    check_password(password, user.username)
    user.password_hash = hash_password(password, hash_method)
    user.end_sessions()
