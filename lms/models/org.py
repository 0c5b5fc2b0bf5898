"""Organisations and their units (a nursing home, a home-care zone…)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.types import UTCDateTime, one_of, utcnow

#: How a user belongs to a unit: a member (learner) or one of its supervisors.
UNIT_ROLES: tuple[str, ...] = ("member", "supervisor")


class Organisation(db.Model):
    """A municipality or employer; it issues certificates."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    units: Mapped[list[Unit]] = relationship(back_populates="organisation")


class Unit(db.Model):
    """A team or ward. Membership decides what a supervisor may see."""

    __table_args__ = (sa.UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Units form a tree within their organisation: a supervisor of a unit sees every
    # unit under it. NULL means a top-level unit.
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)

    organisation: Mapped[Organisation] = relationship(back_populates="units")
    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="unit", cascade="all, delete-orphan"
    )


class Membership(db.Model):
    """A user in a unit, as a member (learner) or as one of its supervisors."""

    __table_args__ = (
        sa.UniqueConstraint("user_id", "unit_id"),
        one_of("role", UNIT_ROLES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20), default="member")

    unit: Mapped[Unit] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")  # noqa: F821
