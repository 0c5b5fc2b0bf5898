"""Sign in, sign out, redirects, rate limits and roles, through HTTP."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, login


def test_login_page_has_real_labels(client, app):
    html = client.get("/login").get_data(as_text=True)
    assert '<label for="username">' in html
    assert '<label for="password">' in html
    assert 'name="username"' in html and 'name="password"' in html


def test_login_success_lands_on_my_courses(client, learner):
    response = login(client, "amina")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/courses")
    assert "Amina Hassan" in client.get("/courses").get_data(as_text=True)


def test_login_is_case_insensitive_on_username(client, learner):
    assert login(client, "AMINA").status_code == 302


@pytest.mark.parametrize("username,password", [("amina", "wrong password"), ("nobody", PASSWORD)])
def test_same_message_for_unknown_user_and_wrong_password(client, learner, username, password):
    response = login(client, username, password)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Feil brukernavn eller passord." in html
    assert client.get("/courses").status_code == 302  # still signed out


def test_inactive_user_cannot_sign_in(client, learner, app):
    from lms.extensions import db

    learner.active = False
    db.session.commit()
    assert login(client, "amina").status_code == 200


def test_logout_is_post_only(learner_client):
    assert learner_client.get("/logout").status_code == 405
    response = learner_client.post("/logout")
    assert response.status_code == 302
    assert learner_client.get("/courses").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "\t//evil.example",
    ],
)
def test_next_open_redirect_is_refused(client, learner, target):
    response = client.post(
        "/login", data={"username": "amina", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/courses"


def test_next_local_path_is_followed(client, learner):
    response = client.post(
        "/login", data={"username": "amina", "password": PASSWORD, "next": "/progress"}
    )
    assert response.headers["Location"] == "/progress"


def test_login_rate_limit_answers_429(client, learner, app):
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert login(client, "amina", "wrong").status_code == 200
    response = login(client, "amina", "wrong")
    assert response.status_code == 429
    assert "For mange forsøk" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/supervise/", "/admin/"])
def test_learner_gets_403_on_supervisor_and_admin_pages(learner_client, path):
    response = learner_client.get(path)
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden." in response.get_data(as_text=True)


def test_supervisor_sees_own_unit(supervisor_client, learner, real_courses):
    html = supervisor_client.get("/supervise/").get_data(as_text=True)
    assert "Avdeling A" in html and "Amina Hassan" in html


def test_admin_passes_every_role_check(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/supervise/").status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get("/courses")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_change_password(learner_client):
    response = learner_client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new secret",
            "confirm": "a brand new secret",
        },
    )
    assert response.status_code == 302
    learner_client.post("/logout")
    assert login(learner_client, "amina", "a brand new secret").status_code == 302


def test_change_password_needs_current_password(learner_client):
    response = learner_client.post(
        "/account/password",
        data={
            "current_password": "nope",
            "new_password": "a brand new secret",
            "confirm": "a brand new secret",
        },
    )
    assert response.status_code == 200
    assert "Det er ikke passordet ditt nå." in response.get_data(as_text=True)


def test_error_pages_follow_user_language(app, make_user, client):
    make_user("sven", "learner", language="sv")
    login(client, "sven")
    assert "Du har inte behörighet" in client.get("/admin/").get_data(as_text=True)


def test_404_page_in_norwegian(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Vi fant ikke denne siden." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("sv-SE,sv;q=0.9", "Logga in i Steg"),
        ("en-US,en;q=0.9", "Logg inn i Steg"),
        ("nn-NO", "Logg inn i Steg"),
        ("", "Logg inn i Steg"),
    ],
)
def test_login_page_language_follows_scandinavian_browsers(client, accept, expected):
    html = client.get("/login", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert expected in html


def test_chosen_language_is_kept_for_the_session(client):
    client.post("/language", data={"language": "en", "next": "/login"})
    assert "Sign in to Steg" in client.get("/login").get_data(as_text=True)


def test_signed_in_user_language_is_saved(learner_client, learner):
    learner_client.post("/language", data={"language": "sv", "next": "/courses"})
    assert learner.language == "sv"
    assert "Mina kurser" in learner_client.get("/courses").get_data(as_text=True)
