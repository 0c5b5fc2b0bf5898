"""CSRF is enforced for every POST when enabled (it is off in other tests for brevity)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def _token(html: str) -> str:
    return (
        re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"|'
            r'name="csrf_token" value="([^"]+)"',
            html,
        )
        .group(0)
        .split('value="')[1][:-1]
    )


def test_post_without_token_is_rejected(csrf_app, learner):
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "amina", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/courses").status_code == 302  # not signed in


def test_post_with_token_signs_in_and_logout_needs_token(csrf_app, learner):
    client = csrf_app.test_client()
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"username": "amina", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert client.post("/logout").status_code == 400  # forged logout refused
    assert client.get("/courses").status_code == 200
    page = client.get("/courses").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": _token(page)}).status_code == 302
    assert client.get("/courses").status_code == 302
