"""Finding 1: signing out, a password change or deactivation ends every session.

Each test copies a cookie the way someone on a shared ward phone could, then shows the
copy no longer opens a signed-in page.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from lms.extensions import db
from tests.conftest import PASSWORD, login

NEW_PASSWORD = "a brand new secret sentence"


def _copy_of(client, name: str, app):
    """A fresh client holding only a copy of ``client``'s cookie ``name``."""
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    thief = app.test_client()
    thief.set_cookie(name, cookie.value, domain="localhost")
    return thief


def test_session_cookie_copied_before_logout_is_dead_after(app, learner_client):
    thief = _copy_of(learner_client, "session", app)
    assert thief.get("/courses").status_code == 200  # the copy works while signed in
    learner_client.post("/logout")
    response = thief.get("/courses")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_session_cookie_copied_before_password_change_is_dead_after(app, learner_client):
    thief = _copy_of(learner_client, "session", app)
    response = learner_client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert thief.get("/courses").status_code == 302
    # The person who changed it stays signed in on this device.
    assert learner_client.get("/courses").status_code == 200


def test_remember_cookie_copied_before_logout_is_dead_after(app, client, learner):
    client.post("/login", data={"username": "amina", "password": PASSWORD, "remember": "y"})
    thief = _copy_of(client, "remember_token", app)
    assert thief.get("/courses").status_code == 200  # remember cookie alone signs in
    client.post("/logout")
    assert _copy_of_value(app, thief).get("/courses").status_code == 302


def _copy_of_value(app, thief):
    # A clean client with only the remember cookie copied before logout (no session).
    cookie = thief.get_cookie("remember_token")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", cookie.value, domain="localhost")
    return fresh


def test_remember_cookie_differs_per_login_and_is_short_lived_and_samesite(client, learner):
    response = client.post(
        "/login", data={"username": "amina", "password": PASSWORD, "remember": "y"}
    )
    header = next(h for h in response.headers.getlist("Set-Cookie") if "remember_token" in h)
    assert "SameSite=Lax" in header and "HttpOnly" in header
    expires = parsedate_to_datetime(header.split("Expires=")[1].split(";")[0])
    assert expires - datetime.now(UTC) <= timedelta(days=14, minutes=1)
    first = client.get_cookie("remember_token").value
    client.post("/logout")
    client.post("/login", data={"username": "amina", "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token").value != first


def test_deactivation_ends_a_running_session(app, learner_client, learner):
    learner.active = False
    db.session.commit()
    assert learner_client.get("/courses").status_code == 302


def test_ending_sessions_service_ends_running_sessions(app, learner_client, learner):
    from lms.auth.services import end_sessions

    end_sessions(learner)
    db.session.commit()
    assert learner_client.get("/courses").status_code == 302
    assert login(learner_client, "amina").status_code == 302  # signing in again works
    assert learner_client.get("/courses").status_code == 200
