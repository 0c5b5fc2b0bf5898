"""What is assigned to a learner, and what they are told once (no Flask here)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.models import Assignment, Membership, Notice, TierAward, Unit, User, utcnow


def own_unit_ids(user_id: int) -> sa.Select:
    """Ids of the learner's units and every unit above them: a course assigned to a unit
    reaches its sub-units too. One recursive CTE."""
    mine = (
        sa.select(Unit.id.label("id"), Unit.parent_id.label("parent_id"))
        .join(Membership, Membership.unit_id == Unit.id)
        .where(Membership.user_id == user_id)
        .cte("own_units", recursive=True)
    )
    above = sa.select(Unit.id, Unit.parent_id).join(mine, Unit.id == mine.c.parent_id)
    tree = mine.union(above)
    return sa.select(tree.c.id)


def assignments_for(session: Session, user: User) -> dict[int, Assignment]:
    """The assignment that applies per course: the learner's own, else the earliest due
    one on their units (sub-units inherit). Keyed by course id; one query."""
    rows = session.scalars(
        sa.select(Assignment).where(
            sa.or_(Assignment.user_id == user.id, Assignment.unit_id.in_(own_unit_ids(user.id)))
        )
    )
    latest = datetime.max.replace(tzinfo=UTC)
    out: dict[int, Assignment] = {}
    for a in sorted(rows, key=lambda a: (a.user_id is None, a.due_on or latest, a.id)):
        out.setdefault(a.course_id, a)
    return out


def pop_notices(session: Session, user: User) -> list[TierAward]:
    """Awards the learner has not been told about yet; each is returned once only."""
    rows = session.execute(
        sa.select(Notice, TierAward)
        .join(TierAward, TierAward.id == Notice.award_id)
        .where(Notice.user_id == user.id, Notice.shown_at.is_(None))
        .order_by(Notice.id)
    ).all()
    now = utcnow()
    for notice, _award in rows:
        notice.shown_at = now
    session.flush()
    return [award for _notice, award in rows]
