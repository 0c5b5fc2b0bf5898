"""Finding 7: sign-in, failed sign-in, sign-out and password change are audited, no secrets."""

from __future__ import annotations

import json

import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditEvent
from tests.conftest import PASSWORD, login

NEW_PASSWORD = "a brand new secret sentence"


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_sign_in_failed_sign_in_sign_out_and_password_change_are_audited(client, learner):
    login(client, "amina", "not my password at all")
    login(client, "somebody typed a secret here", PASSWORD)
    login(client, "amina")
    client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    client.post("/logout")

    failed = _events("auth.login_failed")
    assert len(failed) == 2
    assert failed[0].target_id == learner.id and failed[0].details["username"] == "amina"
    # A name that is no account is not kept: it may be a password typed in the wrong box.
    assert failed[1].target_id is None and failed[1].details["username"] is None
    [signed_in] = _events("auth.login")
    assert signed_in.actor_id == learner.id
    [changed] = _events("auth.password_change")
    assert changed.actor_id == learner.id and changed.target_id == learner.id
    [signed_out] = _events("auth.logout")
    assert signed_out.actor_id == learner.id

    everything = json.dumps([e.details for e in db.session.scalars(sa.select(AuditEvent))])
    for secret in ("not my password at all", PASSWORD, NEW_PASSWORD, "typed a secret"):
        assert secret not in everything
