"""What each content sync did per course, and the webhook deliveries that asked for one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models.types import UTCDateTime, utcnow


class SyncLog(db.Model):
    """One course at one sync: its version then, what changed, and the passes kept.

    ``course_slug`` and ``folder`` are kept as text so a log row outlives renames; an
    invalid course has ``ok`` False and its error lines in ``errors``.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int | None] = mapped_column(sa.ForeignKey("course.id"), index=True)
    course_slug: Mapped[str | None] = mapped_column(sa.String(100))
    folder: Mapped[str] = mapped_column(sa.String(200), index=True)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    source: Mapped[str] = mapped_column(sa.String(20), default="cli")  # cli | webhook
    ok: Mapped[bool] = mapped_column(default=True)
    version: Mapped[str | None] = mapped_column(sa.String(40))
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    added: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # module ids
    changed: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    archived: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    passes_kept: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)

    @property
    def unchanged(self) -> bool:
        return self.ok and not (self.added or self.changed or self.archived)


class WebhookDelivery(db.Model):
    """A signed publish request: its delivery id is stored so a replay is refused."""

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[str] = mapped_column(sa.String(100), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    ok: Mapped[bool] = mapped_column(default=False)
    # {"pull": "git output", "lines": [...sync summary...], "error": "..."}
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
