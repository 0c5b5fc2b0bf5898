"""Findings 2 and 3: proof never takes a URL from the request; revoked proof is gone.

Credentials are validated against 1EdTech's published JSON schema for
AchievementCredential (../shared/standards, a copy kept in tests/trust/data).
"""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import jsonschema
import jwt
import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from lms.extensions import db
from lms.models import TierAward
from lms.proof.badges import load_or_create_signing_key, verify_credential_jwt
from lms.tiers.awards import revoke_award
from tests.helpers import pass_module, stored_module

COURSE = "dette-ma-jeg-kunne"
SCHEMA = Path(__file__).parent / "data" / "ob3-achievementcredential.schema.json"


def _evil(client) -> dict[str, str]:
    """Headers of a request with a forged Host; the client holds its cookie for that host."""
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    return {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


@pytest.fixture
def award(real_courses, learner_client, learner):
    course = stored_module(COURSE, "rollen-din").course
    for mod in course.modules:
        if mod.tier == "bas":
            pass_module(learner_client, mod)
    return db.session.scalar(sa.select(TierAward).where(TierAward.user_id == learner.id))


def _pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _schema_errors(credential: dict) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(credential)]


# --- finding 2: the Host header never reaches signed proof ------------------------------


def test_host_header_does_not_reach_badge_json_jwt_or_certificate(app, award, learner_client):
    code = award.verification_code
    body = learner_client.get(f"/awards/{code}/badge.json", headers=_evil(learner_client)).get_data(
        as_text=True
    )
    token = learner_client.get(f"/awards/{code}/badge.jwt", headers=_evil(learner_client)).get_data(
        as_text=True
    )
    pdf = learner_client.get(f"/awards/{code}/certificate.pdf", headers=_evil(learner_client))
    assert pdf.status_code == 200
    claims = jwt.decode(token, options={"verify_signature": False})
    for text in (body, json.dumps(claims), _pdf_text(pdf.data)):
        assert "evil.example" not in text
    credential = json.loads(body)
    assert credential["id"] == f"http://localhost/verify/{code}"
    assert credential["issuer"]["id"] == "http://localhost/issuer"
    assert claims["iss"] == "http://localhost/issuer"
    assert f"localhost/verify/{code}" in _pdf_text(pdf.data)


def test_configured_public_base_url_is_used_whatever_the_host(app, award, learner_client):
    app.config["PUBLIC_BASE_URL"] = "https://steg.kommune.example"
    body = learner_client.get(
        f"/awards/{award.verification_code}/badge.json", headers=_evil(learner_client)
    ).get_json(force=True)
    assert body["id"].startswith("https://steg.kommune.example/verify/")
    assert body["credentialStatus"]["id"].startswith("https://steg.kommune.example/verify/")


# --- finding 3: revoked awards, credential status, expiry ---------------------------------


def _revoke(award, make_user):
    admin = make_user("root", "admin")
    revoke_award(db.session, award, admin, "Registrert på feil person")
    db.session.commit()


@pytest.mark.parametrize("document", ["badge.json", "badge.jwt", "certificate.pdf"])
def test_revoked_award_gives_410_not_fresh_proof(award, learner_client, make_user, document):
    url = f"/awards/{award.verification_code}/{document}"
    assert learner_client.get(url).status_code == 200
    _revoke(award, make_user)
    response = learner_client.get(url)
    assert response.status_code == 410
    assert "trukket tilbake" in response.get_data(as_text=True)


def test_credential_carries_a_status_a_verifier_can_check(award, learner_client, client, make_user):
    credential = learner_client.get(f"/awards/{award.verification_code}/badge.json").get_json(
        force=True
    )
    status = credential["credentialStatus"]
    assert status["type"] == "1EdTechRevocationList"
    path = status["id"].removeprefix("http://localhost")
    listed = client.get(path)
    assert listed.status_code == 200 and listed.get_json()["revokedCredentials"] == []
    _revoke(award, make_user)
    revoked = client.get(path).get_json()["revokedCredentials"]
    assert revoked == [{"id": credential["id"], "revoked": True}]
    assert "feil person" not in client.get(path).get_data(as_text=True)  # the reason is private


def test_issued_credentials_validate_against_the_ob3_schema(award, learner_client, client):
    code = award.verification_code
    credential = learner_client.get(f"/awards/{code}/badge.json").get_json(force=True)
    assert _schema_errors(credential) == []
    token = learner_client.get(f"/awards/{code}/badge.jwt").get_data(as_text=True)
    jwks = client.get("/.well-known/jwks.json").get_json()
    assert _schema_errors(verify_credential_jwt(token, jwks)) == []


def test_schema_check_can_fail():
    assert _schema_errors({"type": ["VerifiableCredential"]})  # the check is not a no-op


def test_expiry_policy_sets_valid_until_and_jwt_exp(app, award, learner_client, client):
    app.config["BADGE_VALID_DAYS"] = 3 * 365
    code = award.verification_code
    credential = learner_client.get(f"/awards/{code}/badge.json").get_json(force=True)
    expected = (award.awarded_at + timedelta(days=3 * 365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert credential["validUntil"] == expected
    assert _schema_errors(credential) == []
    token = learner_client.get(f"/awards/{code}/badge.jwt").get_data(as_text=True)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["nbf"] == 3 * 365 * 24 * 3600


def test_rotated_key_stays_in_jwks_and_old_tokens_verify(
    app, award, learner_client, client, tmp_path
):
    token = learner_client.get(f"/awards/{award.verification_code}/badge.jwt").get_data(
        as_text=True
    )
    old_path = Path(app.config["BADGE_KEY_PATH"])
    kept = tmp_path / "old-badge-key.pem"
    old_path.rename(kept)
    load_or_create_signing_key(old_path)  # the new key
    app.config["BADGE_OLD_KEY_PATHS"] = str(kept)
    jwks = client.get("/.well-known/jwks.json").get_json()
    assert len(jwks["keys"]) == 2 and all("d" not in key for key in jwks["keys"])
    assert verify_credential_jwt(token, jwks)["id"].endswith(award.verification_code)
    fresh = learner_client.get(f"/awards/{award.verification_code}/badge.jwt").get_data(
        as_text=True
    )
    assert jwt.get_unverified_header(fresh)["kid"] == jwks["keys"][0]["kid"]
