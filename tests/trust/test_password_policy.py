"""Finding 6: one password rule (12+ characters, not common, not blank) on every path."""

from __future__ import annotations

import pytest

from lms.auth.policy import common_passwords, password_problem
from lms.auth.services import PolicyError, create_user, set_password
from lms.extensions import db
from tests.conftest import PASSWORD, login

REFUSED = [
    "password",
    "12345678",
    " " * 12,
    "\t \u00a0" * 5,
    "passwordpassword",
    "Password1234",
    "qwerty123456",
    "1qaz2wsx3edc",
    "aaaaaaaaaaaaaaaa",
    "121212121212",
    "passord passord",
]


@pytest.mark.parametrize("password", REFUSED)
def test_policy_refuses_short_common_and_blank_passwords(password):
    assert password_problem(password) is not None


@pytest.mark.parametrize("password", [PASSWORD, "Solsiden har 14 beboere", "mørk kaffe på vakt"])
def test_policy_accepts_long_uncommon_sentences(password):
    assert password_problem(password) is None


def test_shipped_list_has_thousands_of_entries():
    common = common_passwords()
    assert len(common) > 5000 and "password" in common and "passord" in common


def test_password_may_not_be_the_username():
    assert password_problem("Amina.Hassan1", "amina.hassan1") is not None


@pytest.mark.parametrize("password", REFUSED[:5])
def test_web_change_password_uses_the_policy(learner_client, password):
    response = learner_client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": password, "confirm": password},
    )
    assert response.status_code == 200
    assert "Bytt passord" in response.get_data(as_text=True)
    learner_client.post("/logout")
    assert login(learner_client, "amina").status_code == 302  # the old password still works


def test_web_change_password_explains_in_the_users_language(learner_client):
    response = learner_client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "qwerty123456",
            "confirm": "qwerty123456",
        },
    )
    assert "Dette passordet er for vanlig" in response.get_data(as_text=True)


@pytest.mark.parametrize("password", REFUSED[:5])
def test_cli_uses_the_policy(runner, password):
    result = runner.invoke(
        args=["users", "create", "ola", "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code == 1


@pytest.mark.parametrize("password", REFUSED[:5])
def test_services_use_the_policy(app, learner, password):
    with pytest.raises(PolicyError):
        set_password(learner, password, "pbkdf2:sha256:1000")
    with pytest.raises(ValueError):
        create_user(db.session, "ola", password)
