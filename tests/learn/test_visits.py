"""Opening a module records the first view always and "last seen" at most once a minute."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ModuleProgress, utcnow
from tests.helpers import stored_module
from tests.learn.test_query_counts import count_queries

COURSE = "dette-ma-jeg-kunne"
URL = f"/courses/{COURSE}/rollen-din"


def _row() -> ModuleProgress:
    db.session.expire_all()
    return db.session.scalar(sa.select(ModuleProgress))


def _writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]


def test_first_view_records_the_module_as_started(real_courses, learner_client):
    with count_queries() as statements:
        page = learner_client.get(URL).get_data(as_text=True)

    row = _row()
    assert row.module_id == stored_module(COURSE, "rollen-din").id
    assert row.first_opened_at is not None and row.passed_at is None
    assert len(_writes(statements)) == 1
    assert "status-started" in page


def test_views_within_a_minute_write_nothing(real_courses, learner_client):
    learner_client.get(URL)
    seen = _row().last_seen_at

    with count_queries() as statements:
        assert learner_client.get(URL).status_code == 200

    assert _writes(statements) == []
    assert _row().last_seen_at == seen


def test_a_view_after_a_minute_moves_last_seen_and_keeps_first_opened(real_courses, learner_client):
    learner_client.get(URL)
    row = _row()
    first = row.first_opened_at
    row.last_seen_at = utcnow() - timedelta(minutes=2)
    db.session.commit()

    with count_queries() as statements:
        learner_client.get(URL)

    row = _row()
    assert len(_writes(statements)) == 1
    assert row.first_opened_at == first
    assert utcnow() - row.last_seen_at < timedelta(seconds=30)
