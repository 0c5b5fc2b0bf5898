"""GDPR: a learner downloads all their data; an admin deletes an account, keeping anonymous
counts and awards verifiable as issued to a deleted user."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import (
    AuditEvent,
    Membership,
    ModuleProgress,
    QuizAttempt,
    ReflectionAnswer,
    TierAward,
    User,
)
from lms.privacy.services import delete_user
from tests.conftest import PASSWORD, login
from tests.helpers import pass_module, stored_module

COURSE = "dette-ma-jeg-kunne"


@pytest.fixture
def history(real_courses, learner_client, learner):
    """A learner who passed the bas modules (an award) and wrote a reflection."""
    course = stored_module(COURSE, "rollen-din").course
    for mod in course.modules:
        if mod.tier == "bas":
            pass_module(learner_client, mod)
    db.session.add(
        ReflectionAnswer(
            user_id=learner.id, module_id=course.modules[0].id, prompt_key="1", text="Min tanke"
        )
    )
    db.session.commit()
    return db.session.scalar(sa.select(TierAward).where(TierAward.user_id == learner.id))


def test_learner_downloads_all_their_data_as_json(history, learner_client, learner):
    assert "/account/my-data.json" in learner_client.get("/progress").get_data(as_text=True)
    response = learner_client.get("/account/my-data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    data = json.loads(response.data)
    assert data["account"]["username"] == "amina"
    assert data["account"]["display_name"] == "Amina Hassan"
    assert data["account"]["units"] == [{"unit": "Avdeling A", "role": "member"}]
    passed = [p for p in data["module_progress"] if p["passed_at"]]
    assert passed and all(p["course"] == COURSE for p in passed)
    assert len(data["quiz_attempts"]) == db.session.scalar(
        sa.select(sa.func.count()).select_from(QuizAttempt)
    )
    assert data["quiz_attempts"][0]["answers"]
    assert data["reflections"][0]["text"] == "Min tanke"
    assert data["awards"][0]["verification_code"] == history.verification_code
    assert any(e["action"] == "auth.login" for e in data["security_events"])
    raw = response.get_data(as_text=True)
    assert learner.password_hash not in raw and "password" not in raw


def test_export_holds_nobody_elses_data(history, app, make_user):
    make_user("ola", "learner", display_name="Ola Nordmann", unit="Avdeling A")
    other = app.test_client()
    login(other, "ola")
    raw = other.get("/account/my-data.json").get_data(as_text=True)
    assert "Amina" not in raw and "Min tanke" not in raw and history.verification_code not in raw


def test_admin_deletes_a_user_keeping_counts_and_verifiable_awards(
    history, learner, admin_client, client
):
    passes = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ModuleProgress)
        .where(ModuleProgress.passed_at.isnot(None))
    )
    refused = admin_client.post(f"/admin/users/{learner.id}/delete", data={"confirm": "wrong"})
    assert refused.status_code == 302 and db.session.get(User, learner.id).deleted_at is None
    response = admin_client.post(f"/admin/users/{learner.id}/delete", data={"confirm": "amina"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, learner.id)
    assert user.deleted_at is not None and not user.active
    assert "Amina" not in user.display_name and user.username == f"deleted-{user.id}"
    assert user.email is None and not user.role_names
    # Personal text goes; anonymous counts stay.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReflectionAnswer)) == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Membership).where(Membership.user_id == user.id)
        )
        == 0
    )
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(ModuleProgress)
            .where(ModuleProgress.passed_at.isnot(None))
        )
        == passes
    )
    # The award still verifies, without the name.
    page = client.get(f"/verify/{history.verification_code}").get_data(as_text=True)
    assert "Utstedt til en slettet bruker" in page and "Amina" not in page
    assert "Dette kursbeviset er gyldig." in page
    # The person cannot sign in any more, under either name.
    assert login(client, "amina").status_code == 200
    assert login(client, f"deleted-{user.id}", PASSWORD).status_code == 200
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.delete"))
    assert event.target_id == user.id and "amina" not in json.dumps(event.details).lower()


def test_deleting_ends_the_users_sessions(history, learner, learner_client, admin_client):
    admin_client.post(f"/admin/users/{learner.id}/delete", data={"confirm": "amina"})
    assert learner_client.get("/courses").status_code == 302


def test_admin_cannot_delete_themself(admin_client):
    admin = db.session.scalar(sa.select(User).where(User.username == "root"))
    with pytest.raises(ValueError):
        delete_user(db.session, admin, admin)
    admin_client.post(f"/admin/users/{admin.id}/delete", data={"confirm": "root"})
    assert db.session.get(User, admin.id).deleted_at is None


def test_learner_cannot_delete_anyone(history, learner_client, make_user):
    ola = make_user("ola", "learner")
    assert (
        learner_client.post(f"/admin/users/{ola.id}/delete", data={"confirm": "ola"}).status_code
        == 403
    )
