"""Reflection meetings: record who took part, and award the tiers that lifts them to."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.models import Course, Meeting, MeetingAttendance, Notice, TierAward, Unit, User
from lms.supervise.services import MAX_ID, visible_unit_ids
from lms.tiers.awards import award_reached_tiers


def visible_meetings(viewer: User) -> sa.Select:
    """Meetings held in units ``viewer`` may see, newest first (admins see every one)."""
    query = sa.select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())
    if viewer.has_role("admin"):
        return query
    return query.where(Meeting.unit_id.in_(visible_unit_ids(viewer)))


def visible_meeting(session: Session, viewer: User, meeting_id: int) -> Meeting | None:
    if not 0 < meeting_id <= MAX_ID:
        return None
    return session.scalar(visible_meetings(viewer).where(Meeting.id == meeting_id))


def attendee_ids(session: Session, meeting: Meeting) -> set[int]:
    return set(
        session.scalars(
            sa.select(MeetingAttendance.user_id).where(MeetingAttendance.meeting_id == meeting.id)
        )
    )


def record_meeting(
    session: Session,
    actor: User,
    *,
    course: Course,
    unit: Unit,
    title: str,
    held_on: date,
    attendees: set[int],
    issuer: str,
) -> tuple[Meeting, list[TierAward]]:
    """Store a meeting and its attendees; award at once every tier it lifts them to.

    The caller has checked that ``unit`` and every attendee are visible to ``actor``.
    """
    meeting = Meeting(
        course_id=course.id,
        unit_id=unit.id,
        title=title.strip(),
        held_on=held_on,
        created_by_id=actor.id,
    )
    session.add(meeting)
    session.flush()
    awards = _add_attendees(session, meeting, attendees, issuer)
    record_event(
        session,
        "meeting.create",
        actor=actor,
        target_type="meeting",
        target_id=meeting.id,
        attendees=len(attendees),
        awards=len(awards),
    )
    return meeting, awards


def update_meeting(
    session: Session,
    actor: User,
    meeting: Meeting,
    *,
    title: str,
    held_on: date,
    attendees: set[int],
    issuer: str,
) -> list[TierAward]:
    """Change a meeting's topic, date and attendees.

    Removing someone never revokes an award already recorded: proof once given stays.
    """
    meeting.title = title.strip()
    meeting.held_on = held_on
    before = attendee_ids(session, meeting)
    removed = before - attendees
    if removed:
        session.execute(
            sa.delete(MeetingAttendance).where(
                MeetingAttendance.meeting_id == meeting.id,
                MeetingAttendance.user_id.in_(removed),
            )
        )
    awards = _add_attendees(session, meeting, attendees - before, issuer)
    record_event(
        session,
        "meeting.update",
        actor=actor,
        target_type="meeting",
        target_id=meeting.id,
        added=len(attendees - before),
        removed=len(removed),
        awards=len(awards),
    )
    return awards


def _add_attendees(
    session: Session, meeting: Meeting, user_ids: set[int], issuer: str
) -> list[TierAward]:
    if not user_ids:
        return []
    session.add_all(MeetingAttendance(meeting_id=meeting.id, user_id=uid) for uid in user_ids)
    session.flush()
    course = session.get(Course, meeting.course_id)
    awards = []
    for user in session.scalars(sa.select(User).where(User.id.in_(user_ids))):
        for award in award_reached_tiers(session, user, course, issuer):
            # The learner may be far away: tell them the next time they sign in.
            session.add(Notice(user_id=user.id, award_id=award.id))
            awards.append(award)
    session.flush()
    return awards
