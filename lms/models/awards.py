"""Tier awards (what a learner reached, once) and the audit trail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.content.tier_rules import TIERS
from lms.extensions import db
from lms.models.types import UTCDateTime, one_of, utcnow


def _new_subject_uuid() -> str:
    return str(uuid.uuid4())


class TierAward(db.Model):
    """A tier reached in a course. Recorded once; revoked only by an admin, with a reason."""

    __table_args__ = (
        sa.UniqueConstraint("user_id", "course_id", "tier"),
        one_of("tier", TIERS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    tier: Mapped[str] = mapped_column(sa.String(20))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    course_version: Mapped[str] = mapped_column(sa.String(40))
    verification_code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    # Pseudonymous id for the badge subject: never an email or username.
    subject_uuid: Mapped[str] = mapped_column(sa.String(36), default=_new_subject_uuid)
    # Snapshots so a certificate says what was true when it was earned.
    modules_snapshot: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    issuer_name: Mapped[str] = mapped_column(sa.String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(sa.Text)
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])  # noqa: F821
    course: Mapped[Course] = relationship()  # noqa: F821

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class AuditEvent(db.Model):
    """Something an operator or admin did that must be traceable later."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(sa.String(60))
    target_type: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
