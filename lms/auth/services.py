"""Account services: plain functions over a session, no request or template."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from lms.extensions import db
from lms.models import User

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    """A salted hash with the configured method (scrypt unless configured otherwise)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the active user with this id, or None."""
    if not user_id.isdigit():
        return None
    # Runs on every request: the user and their roles in one query, not two.
    return db.session.get(User, int(user_id), options=[sa.orm.joinedload(User.roles)])


def find_user(username: str) -> User | None:
    """The user with this username (case-insensitive), or None."""
    return db.session.scalar(
        sa.select(User).where(sa.func.lower(User.username) == username.strip().lower())
    )


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, else None — same cost either way."""
    user = find_user(username)
    if user is None:
        # Spend the same time as a real check so response times do not reveal usernames.
        check_password_hash(_dummy_hash(), password)
        return None
    if not password_matches(user, password) or not user.active:
        return None
    return user


def password_matches(user: User, password: str) -> bool:
    """True when ``password`` is the user's password."""
    return check_password_hash(user.password_hash, password)


_DUMMY: dict[str, str] = {}


def _dummy_hash() -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY:
        _DUMMY[method] = generate_password_hash("not-a-password", method=method)
    return _DUMMY[method]


def create_user(
    username: str,
    password: str,
    *,
    roles: list[str] | tuple[str, ...] = ("learner",),
    display_name: str | None = None,
    email: str | None = None,
    language: str | None = None,
    organisation_id: int | None = None,
) -> User:
    """Add a user with roles (flushes; the caller commits). Raises ValueError on bad input."""
    username = username.strip()
    if not username:
        raise ValueError("username must not be empty")
    if find_user(username) is not None:
        raise ValueError(f"username {username!r} is taken")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    user = User(
        username=username,
        display_name=display_name or username,
        email=email or None,
        password_hash=hash_password(password),
        language=language,
        organisation_id=organisation_id,
    )
    for role in roles:
        user.add_role(role)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Replace the user's password hash."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = hash_password(password)
