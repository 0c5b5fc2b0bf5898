"""What learners did: module progress, quiz attempts, reflections, meetings attended."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.types import UTCDateTime, utcnow


class ModuleProgress(db.Model):
    """One learner on one module. Exactly one row per pair; a pass is recorded once."""

    __table_args__ = (sa.UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id"), index=True)
    first_opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    best_score: Mapped[int | None]
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    passed_content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    passed_course_version: Mapped[str | None] = mapped_column(sa.String(40))

    module: Mapped[Module] = relationship()  # noqa: F821


class QuizAttempt(db.Model):
    """One submitted quiz. ``token`` comes from the form, so a double submit is one attempt."""

    __table_args__ = (sa.UniqueConstraint("user_id", "token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # {"question key": ["option key", ...]}
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    correct: Mapped[int]
    total: Mapped[int]
    score: Mapped[int]
    passed: Mapped[bool]
    content_hash: Mapped[str] = mapped_column(sa.String(64))


class ReflectionAnswer(db.Model):
    """A learner's private answer to one reflection prompt; editable, never graded."""

    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "prompt_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    module_id: Mapped[int] = mapped_column(sa.ForeignKey("module.id"), index=True)
    prompt_key: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Meeting(db.Model):
    """A reflection meeting for a course (held in a unit), recorded by a supervisor."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    course: Mapped[Course] = relationship()  # noqa: F821


class MeetingAttendance(db.Model):
    """A learner who attended a meeting."""

    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meeting.id"), primary_key=True)
    # Indexed on its own too: standings count one learner's meetings on every course page.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True, index=True)

    meeting: Mapped[Meeting] = relationship()
