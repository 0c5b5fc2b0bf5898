"""One-time activation links: a person chooses their own password (no shared codes).

A link is issued for one user; only a SHA-256 hash of its token is stored. Issuing a
fresh link ends the user's password and every older link, so a sign-in card printed for
someone who forgot their password is the only way back in. Services only flush; the
caller commits with its audit event.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.auth.services import DEFAULT_HASH_METHOD, has_usable_password, set_password
from lms.models import ActivationToken, User, utcnow

# Tokens are 43 URL-safe characters; anything much longer is not ours.
MAX_TOKEN_LENGTH = 64


class LinkAlreadyUsed(Exception):
    """The link was spent between showing the form and submitting it."""


def hash_token(token: str) -> str:
    """The stored form of a token (SHA-256 hex): a leaked table opens no account."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_link(
    session: Session,
    user: User,
    *,
    valid_days: int,
    hash_method: str = DEFAULT_HASH_METHOD,
    actor: User | None = None,
) -> tuple[str, ActivationToken]:
    """A fresh one-time token for ``user``; their password and older links stop working.

    Returns the token (to print; never stored) and its row. A password the user has is
    replaced through the shared :func:`lms.auth.services.set_password` with a random
    secret nobody knows, so whatever that function does on a password change (ending
    sessions) happens; an account without a password yet costs no hashing.
    """
    session.execute(
        sa.delete(ActivationToken).where(
            ActivationToken.user_id == user.id, ActivationToken.used_at.is_(None)
        )
    )
    if has_usable_password(user):
        set_password(user, secrets.token_urlsafe(32), hash_method)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = ActivationToken(
        user_id=user.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(days=valid_days),
        created_by_id=actor.id if actor is not None else None,
    )
    session.add(row)
    session.flush()
    return token, row


def find_valid(session: Session, token: str) -> ActivationToken | None:
    """The unused, unexpired link for ``token`` of an active user, else None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = session.scalar(
        sa.select(ActivationToken).where(ActivationToken.token_hash == hash_token(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    if not row.user.active:
        return None
    return row


def activate(
    session: Session, row: ActivationToken, password: str, hash_method: str = DEFAULT_HASH_METHOD
) -> User:
    """Set the user's chosen password and spend the link (once; the caller commits).

    Raises ValueError when the password breaks the password rules; the link then stays
    usable so the person can try again.
    """
    user = row.user
    set_password(user, password, hash_method)
    spent = session.execute(
        sa.update(ActivationToken)
        .where(ActivationToken.id == row.id, ActivationToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if spent.rowcount != 1:  # a second tab spent it a moment ago
        raise LinkAlreadyUsed
    return user


def disable_links(session: Session, user: User) -> None:
    """Remove every unused link of ``user`` (e.g. when the account is deactivated)."""
    session.execute(
        sa.delete(ActivationToken).where(
            ActivationToken.user_id == user.id, ActivationToken.used_at.is_(None)
        )
    )
