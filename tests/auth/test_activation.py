"""One-time activation links: choose a password once; links expire; a reset ends the old
password; `flask users reset` prints a fresh link."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from lms.auth.activation import hash_token, issue_link
from lms.extensions import db
from lms.models import ActivationToken, AuditEvent, User
from tests.conftest import PASSWORD, login

NEW_PASSWORD = "mitt eget passord 7"


def _issue(user: User) -> str:
    token, _row = issue_link(
        db.session,
        user,
        valid_days=current_app.config["ACTIVATION_LINK_DAYS"],
        hash_method=current_app.config["PASSWORD_HASH_METHOD"],
    )
    db.session.commit()
    return token


def test_activation_link_sets_the_password_once(client, learner):
    token = _issue(learner)

    page = client.get(f"/activate/{token}")
    assert page.status_code == 200 and "amina" in page.text

    done = client.post(
        f"/activate/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done.location.endswith("/courses")

    # Signed in now; sign out and in again with the chosen password.
    client.post("/logout")
    assert login(client, "amina", NEW_PASSWORD).status_code == 302
    # The link is spent: a second use gets the "ask your leader" page and changes nothing.
    client.post("/logout")
    again = client.post(
        f"/activate/{token}", data={"password": "noe annet 12345", "confirm": "noe annet 12345"}
    )
    assert again.status_code == 404 and "lederen" in again.text
    assert login(client, "amina", "noe annet 12345").status_code == 200  # refused


def test_only_a_hash_of_the_token_is_stored(learner):
    token = _issue(learner)
    row = db.session.scalar(sa.select(ActivationToken).where(ActivationToken.user_id == learner.id))
    assert row.token_hash == hash_token(token) and token not in row.token_hash
    assert len(row.token_hash) == 64


def test_an_expired_link_does_not_work(client, learner, app):
    token = _issue(learner)
    row = db.session.scalar(sa.select(ActivationToken).where(ActivationToken.user_id == learner.id))
    assert row.expires_at - row.created_at == timedelta(days=app.config["ACTIVATION_LINK_DAYS"])
    row.expires_at = row.created_at - timedelta(seconds=1)
    db.session.commit()

    assert client.get(f"/activate/{token}").status_code == 404
    response = client.post(
        f"/activate/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 404
    assert login(client, "amina", NEW_PASSWORD).status_code == 200  # refused


def test_a_reset_ends_the_old_password_and_older_links(client, learner):
    assert login(client, "amina").status_code == 302
    client.post("/logout")
    first = _issue(learner)
    second = _issue(learner)

    assert login(client, "amina", PASSWORD).status_code == 200  # the old password is refused
    assert client.get(f"/activate/{first}").status_code == 404
    assert client.get(f"/activate/{second}").status_code == 200


def test_password_rules_apply_and_the_link_survives_a_bad_try(client, learner):
    token = _issue(learner)
    short = client.post(f"/activate/{token}", data={"password": "kort", "confirm": "kort"})
    assert short.status_code == 422
    differ = client.post(f"/activate/{token}", data={"password": NEW_PASSWORD, "confirm": "annet"})
    assert differ.status_code == 422
    ok = client.post(f"/activate/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert ok.status_code == 302


def test_unknown_huge_or_odd_tokens_are_404(client, learner):
    for token in ("x", "A" * 43, "A" * 5000, "%00"):
        assert client.get(f"/activate/{token}").status_code == 404


def test_a_deactivated_person_cannot_use_their_link(client, learner):
    token = _issue(learner)
    learner.active = False
    db.session.commit()
    assert client.get(f"/activate/{token}").status_code == 404


def test_activation_is_in_the_audit_log_without_secrets(client, learner):
    token = _issue(learner)
    client.post(f"/activate/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.activate"))
    assert event.target_id == learner.id
    assert token not in str(event.details) and NEW_PASSWORD not in str(event.details)


def test_cli_reset_prints_a_fresh_link_and_ends_the_password(runner, client, learner):
    result = runner.invoke(
        args=["users", "reset", "AMINA", "--base-url", "https://steg.example.no"]
    )

    assert result.exit_code == 0, result.output
    link = re.search(r"https://steg\.example\.no/activate/(\S+)", result.output)
    assert link, result.output
    assert login(client, "amina", PASSWORD).status_code == 200  # old password refused
    assert client.get(f"/activate/{link.group(1)}").status_code == 200
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.reset"))
    assert event.details == {"via": "cli"} and event.actor_id is None


def test_cli_reset_uses_public_base_url_and_refuses_unknown_users(runner, app, learner):
    app.config["PUBLIC_BASE_URL"] = "https://kurs.kommune.no/"
    ok = runner.invoke(args=["users", "reset", "amina"])
    assert ok.exit_code == 0 and "https://kurs.kommune.no/activate/" in ok.output
    unknown = runner.invoke(args=["users", "reset", "nobody"])
    assert unknown.exit_code != 0 and "nobody" in unknown.output


def test_cli_reset_without_an_address_says_what_to_do(runner, learner):
    result = runner.invoke(args=["users", "reset", "amina"])
    assert result.exit_code != 0 and "--base-url" in result.output


def test_login_page_still_tells_a_learner_to_ask_their_leader(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Glemt passordet? Be lederen din" in page


def test_the_activation_page_keeps_its_address_out_of_referers_and_caches(client, learner):
    token = _issue(learner)
    for response in (client.get(f"/activate/{token}"), client.get("/activate/unknown")):
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"


def test_an_account_without_a_password_opens_with_no_password_at_all(client, org):
    from lms.auth.services import UNUSABLE_PASSWORD, create_user

    user = create_user(db.session, "ny", None, organisation_id=org.id)
    db.session.commit()
    assert user.password_hash == UNUSABLE_PASSWORD
    for guess in ("", "!", UNUSABLE_PASSWORD, PASSWORD):
        assert login(client, "ny", guess).status_code == 200  # the form again: refused
    token = _issue(user)
    assert user.password_hash == UNUSABLE_PASSWORD  # issuing a link costs no hashing here
    client.post(f"/activate/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/logout")
    assert login(client, "ny", NEW_PASSWORD).status_code == 302
