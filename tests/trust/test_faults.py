"""No lost progress under faults: a database error mid-request stores nothing partial,
and the learner sees a friendly page. SQLite files run in WAL mode with a busy timeout."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa

from lms.content.sync import sync_courses
from lms.extensions import db
from lms.models import (
    Course,
    Meeting,
    MeetingAttendance,
    ModuleProgress,
    QuizAttempt,
    TierAward,
)
from lms.tiers.awards import award_reached_tiers
from tests.helpers import (
    form_token,
    module_md,
    pass_module,
    right_answers,
    stored_module,
    submit_quiz,
    write_course,
)


@contextmanager
def failing_statement(prefix: str):
    """Make the database fail on the first statement starting with ``prefix``."""
    calls = []

    def fail(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(prefix.upper()) and not calls:
            calls.append(statement)
            raise sa.exc.OperationalError(statement, parameters, Exception("disk I/O error"))

    sa.event.listen(db.engine, "before_cursor_execute", fail)
    try:
        yield calls
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", fail)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


COURSE_YML = """\
id: motekurs
title: Kurs med møte
language: nb
summary: S.
open: true
tiers:
  fordjupning:
    modules: 1
    meetings: 1
"""


@pytest.fixture
def course(courses_dir, learner):
    write_course(
        courses_dir,
        "motekurs",
        {
            "course.yml": COURSE_YML,
            "01-a.md": module_md("a", "bas"),
            "02-b.md": module_md("b", "fordjupning"),
        },
    )
    report = sync_courses(db.session, courses_dir)
    db.session.commit()
    assert report.ok
    return db.session.scalar(sa.select(Course).where(Course.slug == "motekurs"))


@pytest.mark.parametrize(
    "statement", ["UPDATE module_progress", "INSERT INTO tier_award", "INSERT INTO quiz_attempt"]
)
def test_database_error_mid_quiz_submit_stores_nothing_and_says_so(
    course, learner_client, statement
):
    mod = stored_module("motekurs", "a")
    learner_client.get(f"/courses/motekurs/{mod.slug}")  # opening records progress
    before = db.session.scalar(sa.select(ModuleProgress.attempts))
    token = form_token(learner_client.get(f"/courses/motekurs/{mod.slug}").get_data(as_text=True))
    with failing_statement(statement) as failed:
        response = submit_quiz(learner_client, mod, right_answers(mod), token=token)
    assert failed, f"no {statement} ran"
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Ingenting ble halvveis lagret" in page and "Traceback" not in page
    db.session.expire_all()
    assert _count(QuizAttempt) == 0 and _count(TierAward) == 0
    progress = db.session.scalar(sa.select(ModuleProgress))
    assert progress.attempts == before and progress.passed_at is None
    # Sending it again works, and counts once.
    pass_module(learner_client, mod)
    assert _count(QuizAttempt) == 1 and _count(TierAward) == 1


def _record_meeting(course, attendees) -> Meeting:
    """Record a meeting the way the supervisors' page does: meeting, attendance, tiers."""
    meeting = Meeting(course_id=course.id, title="Refleksjon om demens", held_on=date(2026, 11, 2))
    db.session.add(meeting)
    db.session.flush()
    for user in attendees:
        db.session.add(MeetingAttendance(meeting_id=meeting.id, user_id=user.id))
        award_reached_tiers(db.session, user, course, "Testkommune")
    db.session.commit()
    return meeting


def test_database_error_mid_meeting_record_stores_nothing(course, learner_client, learner):
    pass_module(learner_client, stored_module("motekurs", "a"))
    pass_module(learner_client, stored_module("motekurs", "b"))
    assert _count(TierAward) == 1  # bas; fordjupning waits for a meeting
    with (
        failing_statement("INSERT INTO tier_award") as failed,
        pytest.raises(sa.exc.OperationalError),
    ):
        _record_meeting(course, [learner])
    assert failed
    db.session.rollback()
    assert _count(Meeting) == 0 and _count(MeetingAttendance) == 0 and _count(TierAward) == 1
    _record_meeting(course, [learner])
    assert set(db.session.scalars(sa.select(TierAward.tier))) == {"bas", "fordjupning"}


def test_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from config import TestingConfig
    from lms import create_app
    from lms.database import SQLITE_BUSY_TIMEOUT_MS

    class FileDatabase(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'steg.sqlite'}"

    app = create_app(FileDatabase)
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
        db.engine.dispose()
