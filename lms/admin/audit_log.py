"""Reading the audit log: filter by action, actor and dates, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from lms.models import AuditEvent, User

PAGE_SIZE = 50

# What each action means, in plain words; an action not listed is shown as it is stored.
ACTION_LABELS = {
    "award.revoke": _l("A certificate was revoked"),
    "organisation.create": _l("An organisation was created"),
    "staff.import": _l("A staff list was imported"),
    "unit.create": _l("A unit was created"),
    "unit.move": _l("A unit was moved"),
    "unit.rename": _l("A unit was renamed"),
    "unit.supervisor_add": _l("A leader was added to a unit"),
    "unit.supervisor_remove": _l("A leader was removed from a unit"),
    "user.activate": _l("A person chose their password on a sign-in link"),
    "user.create": _l("A person was added"),
    "user.deactivate": _l("A person was deactivated"),
    "user.reactivate": _l("A person was reactivated"),
    "user.reset": _l("A new sign-in card or link was made"),
    "user.update": _l("A person was changed"),
}


def action_label(action: str) -> str:
    """An action in plain words in the UI language (the stored name when it has none)."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


@dataclass(frozen=True)
class AuditFilter:
    """What to show; dates are whole days in ``timezone`` (both ends included)."""

    action: str = ""
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None
    timezone: str = "Europe/Oslo"


@dataclass(frozen=True)
class AuditPage:
    events: list[tuple[AuditEvent, User | None]]
    total: int
    page: int
    pages: int


def _start_of(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def audit_page(session: Session, wanted: AuditFilter, page: int = 1) -> AuditPage:
    """One page of events, newest first, with the actor of each (two queries)."""
    query = sa.select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.actor_id)
    if wanted.action:
        query = query.where(AuditEvent.action == wanted.action)
    if wanted.actor:
        query = query.where(sa.func.lower(User.username) == wanted.actor.strip().lower())
    if wanted.date_from:
        query = query.where(AuditEvent.at >= _start_of(wanted.date_from, wanted.timezone))
    if wanted.date_to:
        end = _start_of(wanted.date_to + timedelta(days=1), wanted.timezone)
        query = query.where(AuditEvent.at < end)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = session.execute(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return AuditPage([(event, user) for event, user in rows], total, page, pages)


def known_actions(session: Session) -> list[str]:
    """Every action in the log, for the filter's choices."""
    return list(
        session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )
