"""Account services: plain functions over a session, no request, app or template.

The password hashing method is an argument (``hash_method``, scrypt by default); views
and CLI commands pass the app's ``PASSWORD_HASH_METHOD``.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from lms.models import User

MIN_PASSWORD_LENGTH = 8
DEFAULT_HASH_METHOD = "scrypt"
# Stored instead of a hash while the owner has not chosen a password yet (new staff
# before they use their sign-in card). It has no "$", so no password ever matches it.
UNUSABLE_PASSWORD = "!"  # noqa: S105 (a marker, not a password)


def hash_password(password: str, hash_method: str = DEFAULT_HASH_METHOD) -> str:
    """A salted hash of ``password`` with ``hash_method`` (a werkzeug method name)."""
    return generate_password_hash(password, method=hash_method)


def load_user(session: Session, user_id: str) -> User | None:
    """The user with this id (Flask-Login's loader), or None."""
    if not user_id.isdigit():
        return None
    # Runs on every request: the user and their roles in one query, not two.
    return session.get(User, int(user_id), options=[joinedload(User.roles)])


def find_user(session: Session, username: str) -> User | None:
    """The user with this username (case-insensitive), or None."""
    return session.scalar(
        sa.select(User).where(sa.func.lower(User.username) == username.strip().lower())
    )


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
    """Add a user with roles (flushes; the caller commits). Raises ValueError on bad input.

    ``password=None`` creates an account without a password: its owner chooses one on a
    one-time activation link (a printed sign-in card).
    """
    username = username.strip()
    if not username:
        raise ValueError("username must not be empty")
    if find_user(session, username) is not None:
        raise ValueError(f"username {username!r} is taken")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    user = User(
        username=username,
        display_name=display_name or username,
        email=email or None,
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
    """Replace the user's password hash."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = hash_password(password, hash_method)
