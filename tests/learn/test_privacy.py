"""A learner never sees another learner's attempts or reflections."""

from __future__ import annotations

import sqlalchemy as sa

from lms.extensions import db
from lms.models import QuizAttempt, ReflectionAnswer
from tests.conftest import login
from tests.helpers import right_answers, stored_module, submit_quiz

COURSE = "dette-ma-jeg-kunne"


def test_reflections_are_private_and_editable(real_courses, app, learner_client, make_user):
    first = stored_module(COURSE, "rollen-din")
    assert first.reflections, "the first module has a reflection prompt"
    key = first.reflections[0]["key"]
    url = f"/courses/{COURSE}/rollen-din"
    response = learner_client.post(f"{url}/reflections", data={f"reflection-{key}": "Mitt svar"})
    assert response.status_code == 302
    assert "Mitt svar" in learner_client.get(url).get_data(as_text=True)
    learner_client.post(f"{url}/reflections", data={f"reflection-{key}": "Nytt svar"})
    rows = db.session.scalars(sa.select(ReflectionAnswer)).all()
    assert [r.text for r in rows] == ["Nytt svar"]

    make_user("ola", "learner")
    other = app.test_client()
    login(other, "ola")
    assert "Nytt svar" not in other.get(url).get_data(as_text=True)


def test_unknown_reflection_key_is_400(real_courses, learner_client):
    url = f"/courses/{COURSE}/rollen-din/reflections"
    assert learner_client.post(url, data={"reflection-99": "x"}).status_code == 400


def test_cannot_open_another_learners_attempt(real_courses, app, learner_client, make_user):
    first = stored_module(COURSE, "rollen-din")
    location = submit_quiz(learner_client, first, right_answers(first)).headers["Location"]
    attempt = db.session.scalar(sa.select(QuizAttempt))
    assert f"attempt={attempt.id}" in location

    make_user("ola", "learner")
    other = app.test_client()
    login(other, "ola")
    assert other.get(location).status_code == 404
    assert learner_client.get(location).status_code == 200
