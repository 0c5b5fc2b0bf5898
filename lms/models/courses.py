"""Courses and modules as synced from courses/, and who they are assigned to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.content.model import SHOW_ANSWERS, QuizQuestion, quiz_from_json
from lms.extensions import db
from lms.models.types import UTCDateTime, one_of, utcnow


class Course(db.Model):
    """The last good version of one course folder. Matched to files by ``slug`` (the id)."""

    __table_args__ = (one_of("show_answers", SHOW_ANSWERS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    language: Mapped[str] = mapped_column(sa.String(20))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    audience: Mapped[str | None] = mapped_column(sa.String(300))
    version: Mapped[str | None] = mapped_column(sa.String(40))
    folder: Mapped[str] = mapped_column(sa.String(200))
    # [{"tier": "bas", "modules": null|int, "meetings": int}, ...] in tier order
    tier_rules: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # [{"term", "forms", "explanation", "slug"}, ...]
    glossary: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    # The course's files and the code that renders them, as of the last sync: when both
    # are unchanged, a sync skips the folder without parsing it.
    source_fingerprint: Mapped[str | None] = mapped_column(sa.String(64))
    is_open: Mapped[bool] = mapped_column(default=True)
    # Quiz settings from course.yml (see lms.content.model.SHOW_ANSWERS).
    show_answers: Mapped[str] = mapped_column(
        sa.String(20), default="after_pass", server_default="after_pass"
    )
    shuffle_options: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position"
    )

    @property
    def version_label(self) -> str:
        """The author's version, or the start of the content hash when none is given."""
        return self.version or self.content_hash[:8]


class Module(db.Model):
    """One module of a course, rendered once at sync; archived rather than deleted."""

    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(100))
    title: Mapped[str] = mapped_column(sa.String(200))
    tier: Mapped[str] = mapped_column(sa.String(20))
    minutes: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    pass_percent: Mapped[int] = mapped_column(default=80)
    objectives: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    # [{"key", "html", "explanation_html", "multiple", "options": [{"key","html","correct"}]}]
    quiz: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # [{"key", "prompt_html"}]
    reflections: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    glossary_terms: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    source_path: Mapped[str] = mapped_column(sa.String(300))
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship(back_populates="modules")

    @property
    def has_quiz(self) -> bool:
        return bool(self.quiz)

    @property
    def questions(self) -> tuple[QuizQuestion, ...]:
        """The stored quiz as typed questions, ready for grading."""
        return quiz_from_json(self.quiz)


class Assignment(db.Model):
    """A course assigned to a whole unit or to one user."""

    __table_args__ = (
        sa.CheckConstraint("(unit_id IS NULL) <> (user_id IS NULL)", name="unit_or_user"),
        sa.UniqueConstraint("course_id", "unit_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("course.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"), index=True)
    due_on: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship()
