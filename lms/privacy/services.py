"""Plain functions over a session: export one person's data, anonymise a deleted account.

What is stored and for how long is explained in docs/privacy.md; keep the two in step.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.models import (
    Assignment,
    AuditEvent,
    Course,
    Meeting,
    MeetingAttendance,
    Membership,
    Module,
    ModuleProgress,
    Organisation,
    QuizAttempt,
    ReflectionAnswer,
    TierAward,
    Unit,
    User,
    utcnow,
)

EXPORT_FORMAT = "steg-personal-data/1"
# Matches no password: werkzeug refuses a hash without a method and salt.
UNUSABLE_PASSWORD_HASH = "!"  # noqa: S105


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(session: Session, user: User) -> dict[str, Any]:
    """Everything Steg stores about ``user``, as JSON-ready data (GDPR art. 15 and 20).

    Account, organisation and units, module progress, every quiz attempt with its
    answers, reflections (full text), meetings attended, awards (with revocations) and
    the security events about the account. Password hashes and other people's data are
    never included.
    """
    modules = {
        m.id: m
        for m in session.scalars(
            sa.select(Module).where(
                Module.id.in_(
                    sa.union(
                        sa.select(ModuleProgress.module_id).where(
                            ModuleProgress.user_id == user.id
                        ),
                        sa.select(QuizAttempt.module_id).where(QuizAttempt.user_id == user.id),
                        sa.select(ReflectionAnswer.module_id).where(
                            ReflectionAnswer.user_id == user.id
                        ),
                    )
                )
            )
        )
    }

    def where(module_id: int) -> dict[str, str]:
        module = modules[module_id]
        return {"course": module.course.slug, "module": module.slug, "title": module.title}

    organisation = session.get(Organisation, user.organisation_id) if user.organisation_id else None
    units = session.execute(
        sa.select(Unit.name, Membership.role)
        .join(Membership, Membership.unit_id == Unit.id)
        .where(Membership.user_id == user.id)
        .order_by(Unit.name)
    ).all()
    progress = session.scalars(
        sa.select(ModuleProgress)
        .where(ModuleProgress.user_id == user.id)
        .order_by(ModuleProgress.id)
    )
    attempts = session.scalars(
        sa.select(QuizAttempt).where(QuizAttempt.user_id == user.id).order_by(QuizAttempt.id)
    )
    reflections = session.scalars(
        sa.select(ReflectionAnswer)
        .where(ReflectionAnswer.user_id == user.id)
        .order_by(ReflectionAnswer.id)
    )
    meetings = session.execute(
        sa.select(Meeting.title, Meeting.held_on, Course.slug)
        .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
        .join(Course, Course.id == Meeting.course_id)
        .where(MeetingAttendance.user_id == user.id)
        .order_by(Meeting.held_on)
    ).all()
    awards = session.scalars(
        sa.select(TierAward).where(TierAward.user_id == user.id).order_by(TierAward.awarded_at)
    )
    events = session.scalars(
        sa.select(AuditEvent)
        .where(
            sa.or_(
                AuditEvent.actor_id == user.id,
                sa.and_(AuditEvent.target_type == "user", AuditEvent.target_id == user.id),
            )
        )
        .order_by(AuditEvent.at)
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _when(utcnow()),
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "language": user.language,
            "created_at": _when(user.created_at),
            "roles": sorted(user.role_names),
            "organisation": organisation.name if organisation else None,
            "units": [{"unit": name, "role": role} for name, role in units],
        },
        "module_progress": [
            {
                **where(p.module_id),
                "first_opened_at": _when(p.first_opened_at),
                "last_seen_at": _when(p.last_seen_at),
                "attempts": p.attempts,
                "best_score": p.best_score,
                "passed_at": _when(p.passed_at),
            }
            for p in progress
        ],
        "quiz_attempts": [
            {
                **where(a.module_id),
                "submitted_at": _when(a.submitted_at),
                "answers": a.answers,
                "correct": a.correct,
                "total": a.total,
                "score": a.score,
                "passed": a.passed,
            }
            for a in attempts
        ],
        "reflections": [
            {
                **where(r.module_id),
                "prompt": r.prompt_key,
                "text": r.text,
                "updated_at": _when(r.updated_at),
            }
            for r in reflections
        ],
        "meetings_attended": [
            {"course": slug, "title": title, "held_on": _when(held_on)}
            for title, held_on, slug in meetings
        ],
        "awards": [
            {
                "course": a.course.slug,
                "tier": a.tier,
                "awarded_at": _when(a.awarded_at),
                "verification_code": a.verification_code,
                "issuer": a.issuer_name,
                "revoked_at": _when(a.revoked_at),
            }
            for a in awards
        ],
        "security_events": [
            {"action": e.action, "at": _when(e.at), "by_you": e.actor_id == user.id} for e in events
        ],
    }


def delete_user(session: Session, user: User, actor: User) -> None:
    """Delete ``user``'s personal data, keeping anonymous counts and awards verifiable.

    The account row stays (progress, attempts and awards point to it) but loses its name,
    email, password, roles, units and personal assignments, and can never sign in again.
    Reflections (free text) are deleted. Progress, quiz scores and meeting attendance stay
    as anonymous counts; awards stay verifiable as "issued to a deleted user". The audit
    log records who deleted which account id, not the name. Flushes; the caller commits.

    Raises ValueError when ``actor`` deletes themself or the account is already deleted.
    """
    if user.id == actor.id:
        raise ValueError("you cannot delete your own account")
    if user.deleted_at is not None:
        raise ValueError("this account is already deleted")
    session.execute(sa.delete(ReflectionAnswer).where(ReflectionAnswer.user_id == user.id))
    session.execute(sa.delete(Membership).where(Membership.user_id == user.id))
    session.execute(sa.delete(Assignment).where(Assignment.user_id == user.id))
    placeholder = f"deleted-{user.id}"
    user.username = placeholder
    user.username_key = placeholder
    user.display_name = ""
    user.email = None
    user.password_hash = UNUSABLE_PASSWORD_HASH
    user.language = None
    user.active = False
    user.roles.clear()
    user.deleted_at = utcnow()
    user.end_sessions()
    record_event(session, "user.delete", actor=actor, target_type="user", target_id=user.id)
    session.flush()
