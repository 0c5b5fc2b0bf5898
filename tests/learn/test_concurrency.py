"""Parallel submits on PostgreSQL: unique constraints keep one pass and one award."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ModuleProgress, QuizAttempt, TierAward
from tests.conftest import login
from tests.helpers import form_token, pass_module, right_answers, stored_module

COURSE = "dette-ma-jeg-kunne"


@pytest.fixture
def postgres_only(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (set TEST_DATABASE_URL)")


def _parallel(app, n, make_request):
    """Run make_request(client) in n threads released at the same moment."""
    clients = []
    for _ in range(n):
        client = app.test_client()
        login(client, "amina")
        clients.append(client)
    db.session.commit()  # release the test's own transaction before the race
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker(client):
        try:
            barrier.wait()
            results.append(make_request(client).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


@pytest.mark.parametrize("same_token", [True, False], ids=["same-form", "two-forms"])
def test_parallel_passing_submits_leave_one_pass(
    postgres_only, real_courses, app, learner, learner_client, same_token
):
    first = stored_module(COURSE, "rollen-din")
    url = f"/courses/{COURSE}/rollen-din"
    html = learner_client.get(url).get_data(as_text=True)
    shared = form_token(html)
    data = {"content_hash": first.content_hash, **right_answers(first)}
    counter = iter(range(100))

    def submit(client):
        token = shared if same_token else f"{shared}-{next(counter)}"
        return client.post(f"{url}/quiz", data={**data, "token": token})

    results = _parallel(app, 4, submit)
    assert results == [302] * 4
    db.session.expire_all()
    rows = db.session.scalars(sa.select(ModuleProgress)).all()
    assert len(rows) == 1 and rows[0].passed_at is not None
    attempts = db.session.scalar(sa.select(sa.func.count()).select_from(QuizAttempt))
    assert attempts == (1 if same_token else 4)
    assert rows[0].attempts == attempts


def test_parallel_last_module_gives_one_award(
    postgres_only, real_courses, app, learner, learner_client
):
    bas = [m for m in stored_module(COURSE, "rollen-din").course.modules if m.tier == "bas"]
    for mod in bas[:-1]:
        pass_module(learner_client, mod)
    last = bas[-1]
    url = f"/courses/{COURSE}/{last.slug}"
    shared = form_token(learner_client.get(url).get_data(as_text=True))
    data = {"content_hash": last.content_hash, **right_answers(last)}
    counter = iter(range(100))

    results = _parallel(
        app, 4, lambda c: c.post(f"{url}/quiz", data={**data, "token": f"{shared}{next(counter)}"})
    )
    assert results == [302] * 4
    db.session.expire_all()
    awards = db.session.scalars(sa.select(TierAward)).all()
    assert [(a.tier, a.user_id) for a in awards] == [("bas", learner.id)]
