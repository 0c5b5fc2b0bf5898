"""Accounts and roles."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.policy import fold_username
from lms.extensions import db
from lms.models.types import UTCDateTime, one_of, utcnow

ROLES: tuple[str, ...] = ("learner", "supervisor", "author", "admin")


def _username_key_default(context) -> str:
    """Column default: the folded form of the row's ``username``."""
    return fold_username(context.get_current_parameters()["username"])


class User(UserMixin, db.Model):
    """A person who signs in. Care assistants often have no work email: username is the key."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # The username folded (NFKC + casefold): "Åse" and "åse" are one account.
    # Derived from ``username`` when not given, so bulk inserts and fixtures get it too.
    username_key: Mapped[str] = mapped_column(
        sa.String(80), unique=True, default=_username_key_default
    )
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    language: Mapped[str | None] = mapped_column(sa.String(10))
    # Reading preferences: glossary words also in this language; text size and line spacing.
    first_language: Mapped[str | None] = mapped_column(sa.String(10))
    text_size: Mapped[str | None] = mapped_column(sa.String(10))
    line_spacing: Mapped[str | None] = mapped_column(sa.String(10))
    active: Mapped[bool] = mapped_column(default=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of the session id: bumping it ends every session and remember cookie.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when an admin deletes the account (GDPR): the row stays, anonymised.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The employer's staff number, when the staff list has one (CSV import matches on it).
    employee_number: Mapped[str | None] = mapped_column(sa.String(40), unique=True)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    memberships: Mapped[list[Membership]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )
    organisation: Mapped[Organisation | None] = relationship()  # noqa: F821

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive users cannot sign in
        return self.active

    def get_id(self) -> str:
        """Flask-Login's id for sessions and remember cookies: id and session version.

        A cookie made before the version was bumped names an old version and is refused.
        """
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """End every session and remember cookie of this user (the caller commits)."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of ``roles`` (admins hold every role)."""
        names = self.role_names
        return "admin" in names or any(r in names for r in roles)

    def add_role(self, role: str) -> None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
        if role not in self.role_names:
            self.roles.append(UserRole(role=role))


class UserRole(db.Model):
    """One role held by one user; a user may hold several."""

    __table_args__ = (one_of("role", ROLES),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")


class ActivationToken(db.Model):
    """A one-time link where a person chooses their own password (printed on a card).

    Only a SHA-256 hash of the token is stored; the token itself is on the card alone.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
