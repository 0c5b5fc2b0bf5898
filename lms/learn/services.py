"""Learner services: what a learner may see, and recording what they did.

Plain functions over a session. They flush; the view commits once per request.
Writes that must happen once (a progress row, a pass, an attempt) rely on unique
constraints and conditional updates, so retries and parallel submits never duplicate.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.learn.grading import Grade
from lms.models import (
    Assignment,
    Course,
    Membership,
    Module,
    ModuleProgress,
    QuizAttempt,
    ReflectionAnswer,
    User,
    utcnow,
)
from lms.models.once import insert_once

# How fresh "last seen" is kept: a page view writes at most once per learner, module and
# minute, so reading a module costs no write (and no commit) most of the time.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def visible_courses_query(user: User) -> sa.Select:
    """Live courses this user may take: open ones, and those assigned to them or their units."""
    unit_ids = sa.select(Membership.unit_id).where(Membership.user_id == user.id)
    assigned = sa.select(Assignment.course_id).where(
        sa.or_(Assignment.user_id == user.id, Assignment.unit_id.in_(unit_ids))
    )
    return sa.select(Course).where(
        Course.archived_at.is_(None),
        sa.or_(Course.is_open.is_(True), Course.id.in_(assigned)),
    )


def visible_courses(session: Session, user: User) -> list[Course]:
    return list(session.scalars(visible_courses_query(user).order_by(Course.title)))


def visible_course(session: Session, user: User, slug: str) -> Course | None:
    """The course with this slug if the user may see it, else None."""
    return session.scalar(visible_courses_query(user).where(Course.slug == slug))


def visible_module(
    session: Session, user: User, course_slug: str, module_slug: str
) -> tuple[Course, Module] | None:
    """A live module and its course, if the user may see the course; else None.

    One query for what ``visible_course`` and a module look-up would do in two.
    """
    row = session.execute(
        visible_courses_query(user)
        .add_columns(Module)
        .join(Module, Module.course_id == Course.id)
        .where(
            Course.slug == course_slug,
            Module.slug == module_slug,
            Module.archived_at.is_(None),
        )
    ).first()
    return (row[0], row[1]) if row else None


def touch_progress(
    session: Session, user: User, module: Module, known: ModuleProgress | None = None
) -> ModuleProgress:
    """Record that the learner opened a module: the first view always, later ones coarsely.

    The first view creates the progress row (``first_opened_at``). Later views move
    ``last_seen_at`` only when it is older than LAST_SEEN_RESOLUTION, so most views write
    nothing. ``known`` is the learner's row for the module when the caller has it already
    (it saves a query); without it the row is looked up.
    """
    if known is not None:
        row, created = known, False
    else:
        row, created = insert_once(
            session,
            lambda: session.scalar(
                sa.select(ModuleProgress).where(
                    ModuleProgress.user_id == user.id, ModuleProgress.module_id == module.id
                )
            ),
            lambda: ModuleProgress(user_id=user.id, module_id=module.id),
        )
    now = utcnow()
    if not created and now - row.last_seen_at >= LAST_SEEN_RESOLUTION:
        row.last_seen_at = now
    session.flush()
    return row


def _record_pass(session: Session, progress: ModuleProgress, module: Module) -> bool:
    """Set passed_at once, atomically. True if this call recorded the pass."""
    result = session.execute(
        sa.update(ModuleProgress)
        .where(ModuleProgress.id == progress.id, ModuleProgress.passed_at.is_(None))
        .values(
            passed_at=utcnow(),
            passed_content_hash=module.content_hash,
            passed_course_version=module.course.version_label,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(progress)
    return result.rowcount == 1


def record_attempt(
    session: Session, user: User, module: Module, token: str, grade: Grade
) -> QuizAttempt:
    """Store a graded attempt once per form token and update progress (best score, pass).

    A resubmitted form (same token) returns the attempt already stored, changing nothing.
    """
    attempt, created = insert_once(
        session,
        lambda: session.scalar(
            sa.select(QuizAttempt).where(QuizAttempt.user_id == user.id, QuizAttempt.token == token)
        ),
        lambda: QuizAttempt(
            user_id=user.id,
            module_id=module.id,
            token=token,
            answers=grade.answers(),
            correct=grade.correct,
            total=grade.total,
            score=grade.score,
            passed=grade.passed,
            content_hash=module.content_hash,
        ),
    )
    if not created:
        return attempt
    progress = touch_progress(session, user, module)
    session.execute(
        sa.update(ModuleProgress)
        .where(ModuleProgress.id == progress.id)
        .values(
            attempts=ModuleProgress.attempts + 1,
            best_score=sa.case(
                (
                    sa.or_(
                        ModuleProgress.best_score.is_(None), ModuleProgress.best_score < grade.score
                    ),
                    grade.score,
                ),
                else_=ModuleProgress.best_score,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    if grade.passed:
        _record_pass(session, progress, module)  # refreshes progress
    else:
        session.refresh(progress)
    return attempt


def mark_read(session: Session, user: User, module: Module) -> bool:
    """Pass a module without a quiz. True if this call recorded the pass."""
    progress = touch_progress(session, user, module)
    return _record_pass(session, progress, module)


def own_attempt(
    session: Session, user: User, module: Module, attempt_id: int
) -> QuizAttempt | None:
    """An attempt of this user on this module, or None (never another learner's)."""
    return session.scalar(
        sa.select(QuizAttempt).where(
            QuizAttempt.id == attempt_id,
            QuizAttempt.user_id == user.id,
            QuizAttempt.module_id == module.id,
        )
    )


def reflections_of(session: Session, user: User, module: Module) -> dict[str, str]:
    """The user's own reflection texts for a module, keyed by prompt key."""
    if not module.reflections:
        return {}  # nothing to ask the database
    rows = session.scalars(
        sa.select(ReflectionAnswer).where(
            ReflectionAnswer.user_id == user.id, ReflectionAnswer.module_id == module.id
        )
    )
    return {r.prompt_key: r.text for r in rows}


def save_reflections(session: Session, user: User, module: Module, texts: dict[str, str]) -> int:
    """Save (or update) the user's reflections; empty text removes one. Returns rows saved."""
    valid = {r["key"] for r in module.reflections}
    saved = 0
    for key, text in texts.items():
        if key not in valid:
            raise ValueError(f"reflection {key!r} is not in this module")
        text = text.strip()
        row, created = insert_once(
            session,
            lambda key=key: session.scalar(
                sa.select(ReflectionAnswer).where(
                    ReflectionAnswer.user_id == user.id,
                    ReflectionAnswer.module_id == module.id,
                    ReflectionAnswer.prompt_key == key,
                )
            ),
            lambda key=key, text=text: ReflectionAnswer(
                user_id=user.id, module_id=module.id, prompt_key=key, text=text
            ),
        )
        if not text:
            session.delete(row)
            continue
        if not created:
            row.text = text
            row.updated_at = utcnow()
        saved += 1
    session.flush()
    return saved
