"""Assigning courses to units (sub-units included) or to chosen learners."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.models import Assignment, Course, User
from lms.supervise.services import MAX_ID, visible_learner_ids, visible_unit_ids


def visible_assignments(viewer: User) -> sa.Select:
    """Assignments on units ``viewer`` may see or to learners they follow."""
    query = sa.select(Assignment).order_by(Assignment.due_on.is_(None), Assignment.due_on)
    if viewer.has_role("admin"):
        return query
    units = visible_unit_ids(viewer)
    return query.where(
        sa.or_(
            Assignment.unit_id.in_(units),
            Assignment.user_id.in_(visible_learner_ids(viewer, units)),
        )
    )


def visible_assignment(session: Session, viewer: User, assignment_id: int) -> Assignment | None:
    if not 0 < assignment_id <= MAX_ID:
        return None
    return session.scalar(visible_assignments(viewer).where(Assignment.id == assignment_id))


def assign(
    session: Session,
    actor: User,
    course: Course,
    *,
    unit_id: int | None = None,
    user_ids: list[int] = (),
    target_tier: str | None = None,
    due: date | None = None,
) -> list[Assignment]:
    """Assign ``course`` to a unit or to learners; an existing assignment is updated, never
    duplicated. The caller has checked the unit and learners are visible to ``actor``."""
    due_on = datetime(due.year, due.month, due.day, tzinfo=UTC) if due else None
    targets = [("unit_id", unit_id)] if unit_id is not None else [("user_id", u) for u in user_ids]
    saved = []
    for column, value in targets:
        row = session.scalar(
            sa.select(Assignment).where(
                Assignment.course_id == course.id, getattr(Assignment, column) == value
            )
        )
        if row is None:
            row = Assignment(course_id=course.id, created_by_id=actor.id, **{column: value})
            session.add(row)
        row.target_tier = target_tier or None
        row.due_on = due_on
        saved.append(row)
    session.flush()
    for row in saved:
        record_event(
            session,
            "assignment.save",
            actor=actor,
            target_type="assignment",
            target_id=row.id,
            course=course.slug,
            unit_id=row.unit_id,
            user_id=row.user_id,
            target_tier=row.target_tier,
            due=due.isoformat() if due else None,
        )
    return saved


def unassign(session: Session, actor: User, assignment: Assignment) -> None:
    """Remove an assignment (progress and awards are the learner's and stay)."""
    record_event(
        session,
        "assignment.delete",
        actor=actor,
        target_type="assignment",
        target_id=assignment.id,
        course_id=assignment.course_id,
    )
    session.delete(assignment)
    session.flush()
