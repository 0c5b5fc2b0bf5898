"""Finding 5: sign-in is throttled per account and per client, and proxies are trusted
only as far as configured."""

from __future__ import annotations

import pytest

from lms import create_app
from tests.conftest import PASSWORD, serve_fresh_schema


def _attempt(
    client,
    username,
    password="wrong password here",  # noqa: S107
    ip="10.0.0.1",
    headers=None,
):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": ip},
        headers=headers or {},
    )


def test_account_limit_holds_when_the_attacker_changes_address(app, client, learner):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "5 per minute"
    codes = [_attempt(client, "amina", ip=f"10.0.0.{n}").status_code for n in range(1, 9)]
    assert codes == [200] * 5 + [429] * 3
    # Another spelling of the same account is the same account.
    assert _attempt(client, "AMINA", ip="10.0.1.1").status_code == 429


def test_other_accounts_are_not_locked_by_an_attack_on_one(app, client, learner, make_user):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per minute"
    make_user("ola", "learner")
    for n in range(4):
        _attempt(client, "amina", ip=f"10.0.0.{n}")
    assert _attempt(client, "ola", password=PASSWORD, ip="10.9.9.9").status_code == 302


def test_successful_sign_ins_do_not_use_up_the_account_limit(app, make_user):
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "2 per minute"
    make_user("ola", "learner")
    for n in range(4):
        fresh = app.test_client()
        assert _attempt(fresh, "ola", password=PASSWORD, ip=f"10.0.0.{n}").status_code == 302


def test_client_limit_holds_across_accounts(app, client, learner):
    app.config["LOGIN_RATE_LIMIT"] = "4 per minute"
    codes = [_attempt(client, f"user{n}", ip="10.0.0.7").status_code for n in range(6)]
    assert codes == [200] * 4 + [429] * 2
    assert _attempt(client, "amina", password=PASSWORD, ip="10.0.0.8").status_code == 302


@pytest.fixture
def proxied_app(tmp_path):
    from config import TestingConfig

    class Proxied(TestingConfig):
        TRUSTED_PROXY_HOPS = 1
        LOGIN_RATE_LIMIT = "2 per minute"
        COURSES_DIR = str(tmp_path)

    yield from serve_fresh_schema(create_app(Proxied))


def test_behind_one_trusted_proxy_each_client_has_its_own_limit(proxied_app):
    client = proxied_app.test_client()
    # All requests arrive from the proxy's address; X-Forwarded-For names the client.
    first = [
        _attempt(client, f"u{n}", ip="10.0.0.1", headers={"X-Forwarded-For": "192.0.2.10"})
        for n in range(3)
    ]
    assert [r.status_code for r in first] == [200, 200, 429]
    other = _attempt(client, "u9", ip="10.0.0.1", headers={"X-Forwarded-For": "192.0.2.11"})
    assert other.status_code == 200


def test_without_trusted_proxies_a_forged_forwarded_for_does_not_escape_the_limit(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    codes = [
        _attempt(client, f"u{n}", headers={"X-Forwarded-For": f"192.0.2.{n}"}).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]
