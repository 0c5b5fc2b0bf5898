"""Recording tiers reached, once, and revoking them (admins only, with a reason)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.models import Course, Organisation, TierAward, User, utcnow
from lms.models.once import insert_once
from lms.proof.codes import new_verification_code
from lms.tiers.standing import CourseStanding, standing


def issuer_name(session: Session, user: User, default: str) -> str:
    """The learner's organisation issues the certificate; else the configured issuer."""
    if user.organisation_id:
        org = session.get(Organisation, user.organisation_id)
        if org is not None:
            return org.name
    return default


def record_awards(
    session: Session, user: User, standing: CourseStanding, issuer: str
) -> list[TierAward]:
    """Create an award for every tier the learner has reached and does not hold yet.

    Unique per (learner, course, tier): a concurrent request that records the same award
    first wins, and this one reads it back instead of failing.
    """
    new = []
    for status in standing.result.tiers:
        if not status.reached or status.tier in standing.awards:
            continue
        snapshot = [
            {
                "id": m.slug,
                "title": m.title,
                "tier": m.tier,
                "minutes": m.minutes,
                "passed_at": standing.progress[m.id].passed_at.isoformat(),
            }
            for m in standing.passed
        ]
        award, created = insert_once(
            session,
            lambda tier=status.tier: session.scalar(
                sa.select(TierAward).where(
                    TierAward.user_id == user.id,
                    TierAward.course_id == standing.course.id,
                    TierAward.tier == tier,
                )
            ),
            lambda tier=status.tier, snapshot=snapshot: TierAward(
                user_id=user.id,
                course_id=standing.course.id,
                tier=tier,
                course_version=standing.course.version_label,
                verification_code=new_verification_code(),
                modules_snapshot=snapshot,
                issuer_name=issuer,
            ),
            look_first=False,  # the standing already says it is not held
        )
        if created:
            new.append(award)
        standing.awards[status.tier] = award
    return new


def award_reached_tiers(
    session: Session, user: User, course: Course, default_issuer: str
) -> list[TierAward]:
    """Evaluate the learner's standing now and record every tier newly reached.

    Call it after anything that can lift a learner: a pass, a recorded meeting.
    """
    current = standing(session, user.id, course)
    if not any(s.reached and s.tier not in current.awards for s in current.result.tiers):
        return []  # nothing new: no need to look up the issuer either
    return record_awards(session, user, current, issuer_name(session, user, default_issuer))


def revoke_award(session: Session, award: TierAward, actor: User, reason: str) -> None:
    """Revoke an award with a reason kept in the audit trail (never shown publicly)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a reason is required to revoke an award")
    if award.revoked_at is not None:
        raise ValueError("this award is already revoked")
    award.revoked_at = utcnow()
    award.revoked_reason = reason
    award.revoked_by_id = actor.id
    record_event(
        session,
        "award.revoke",
        actor=actor,
        target_type="tier_award",
        target_id=award.id,
        reason=reason,
        code=award.verification_code,
    )
    session.flush()
