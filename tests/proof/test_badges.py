"""Tests for Open Badges 3.0 credentials, keys and VC-JWT signatures."""

from __future__ import annotations

import base64
import json
import stat
from datetime import UTC, datetime, timedelta, timezone

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from lms.proof import badges
from lms.proof.badges import (
    CredentialVerificationError,
    build_credential,
    jwk_thumbprint,
    load_or_create_signing_key,
    public_jwks,
    sign_credential,
    verify_credential_jwt,
)

SUBJECT = "urn:uuid:6f1b3c1e-2d4a-4f6b-9a51-3c2e8f0d7a11"
VALID_FROM = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)


def make_credential(**overrides):
    fields = dict(
        credential_id="https://steg.example/credentials/7c1e",
        issuer_id="https://steg.example/issuer",
        issuer_name="Steg – Bergen kommune",
        issuer_url="https://steg.example/",
        achievement_id="https://steg.example/courses/dette-ma-jeg-kunne/tiers/fordjupning",
        achievement_name="Dette må jeg kunne – Fordypning",
        achievement_description="Fordypning i grunnkurset for nye medarbeidere.",
        criteria_narrative="Bestått minst to fordypningsmoduler og deltatt på ett refleksjonsmøte.",
        subject_id=SUBJECT,
        valid_from=VALID_FROM,
        name="Kursbevis: Dette må jeg kunne – Fordypning",
    )
    fields.update(overrides)
    return build_credential(**fields)


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    return load_or_create_signing_key(tmp_path_factory.mktemp("keys") / "signing.pem")


@pytest.fixture(scope="module")
def other_key(tmp_path_factory):
    return load_or_create_signing_key(tmp_path_factory.mktemp("other") / "signing.pem")


def offline_copy(jwks):
    """Simulate a verifier that only has the published JWKS document."""
    return json.loads(json.dumps(jwks))


def kid_of(private_key):
    return public_jwks(private_key)["keys"][0]["kid"]


# --- the credential ----------------------------------------------------------------

# Required properties of an OpenBadgeCredential and its parts (OB 3.0 data model).
REQUIRED_PATHS = [
    "@context",
    "id",
    "type",
    "issuer",
    "issuer.id",
    "issuer.type",
    "validFrom",
    "name",
    "credentialSubject",
    "credentialSubject.type",
    "credentialSubject.achievement",
    "credentialSubject.achievement.id",
    "credentialSubject.achievement.type",
    "credentialSubject.achievement.name",
    "credentialSubject.achievement.description",
    "credentialSubject.achievement.criteria",
]


@pytest.mark.parametrize("path", REQUIRED_PATHS)
def test_credential_has_required_property(path):
    node = make_credential()
    for part in path.split("."):
        assert isinstance(node, dict) and part in node, f"missing {path}"
        node = node[part]
    assert node not in (None, "", [], {})


def test_credential_values_follow_ob3():
    credential = make_credential(image_url="https://steg.example/static/badge-fordjupning.svg")
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"] == {
        "id": "https://steg.example/issuer",
        "type": ["Profile"],
        "name": "Steg – Bergen kommune",
        "url": "https://steg.example/",
    }
    assert credential["validFrom"] == "2026-03-01T12:30:15Z"
    subject = credential["credentialSubject"]
    assert subject["id"] == SUBJECT
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["criteria"] == {
        "narrative": "Bestått minst to fordypningsmoduler og deltatt på ett refleksjonsmøte."
    }
    assert achievement["achievementType"] == "CertificateOfCompletion"
    assert achievement["image"] == {
        "id": "https://steg.example/static/badge-fordjupning.svg",
        "type": "Image",
    }


def test_credential_is_json_and_has_no_email_or_stray_at_sign():
    text = json.dumps(make_credential(), ensure_ascii=False)
    assert json.loads(text) == make_credential()
    assert "@" not in text.replace('"@context"', "")


def test_optional_parts_are_left_out():
    credential = make_credential(issuer_url=None, achievement_type=None)
    assert "url" not in credential["issuer"]
    assert "achievementType" not in credential["credentialSubject"]["achievement"]
    assert "image" not in credential["credentialSubject"]["achievement"]


def test_valid_from_is_converted_to_utc():
    oslo_summer = timezone(timedelta(hours=2))
    credential = make_credential(valid_from=datetime(2026, 6, 1, 14, 0, tzinfo=oslo_summer))
    assert credential["validFrom"] == "2026-06-01T12:00:00Z"


@pytest.mark.parametrize(
    "overrides",
    [
        dict(subject_id="mailto:kari@example.no"),
        dict(subject_id="kari@example.no"),
        dict(subject_id="urn:uuid:not-a-uuid"),
        dict(subject_id="did:example:123"),
        dict(valid_from=datetime(2026, 3, 1, 12, 0)),
        dict(credential_id="/credentials/1"),
        dict(issuer_id="ftp://steg.example/issuer"),
        dict(achievement_id="javascript:alert(1)"),
        dict(issuer_url="https://kari@steg.example/"),
        dict(name="Kursbevis for kari.nordmann@example.no"),
        dict(issuer_name="Steg (post@bergen.kommune.no)"),
        dict(achievement_description="  "),
    ],
    ids=[
        "mailto-subject",
        "email-subject",
        "bad-uuid",
        "not-urn-uuid",
        "naive-datetime",
        "relative-credential-id",
        "non-http-issuer",
        "javascript-url",
        "userinfo-in-url",
        "email-in-name",
        "email-in-issuer-name",
        "blank-description",
    ],
)
def test_build_refuses_bad_input(overrides):
    with pytest.raises(ValueError):
        make_credential(**overrides)


# --- keys ----------------------------------------------------------------------------


def test_key_file_is_created_private_and_reloaded_identically(tmp_path):
    path = tmp_path / "instance" / "keys" / "signing.pem"
    created = load_or_create_signing_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert created.key_size == 2048
    assert [p.name for p in path.parent.iterdir()] == ["signing.pem"]  # no temp file left

    reloaded = load_or_create_signing_key(path)
    as_der = dict(
        encoding=serialization.Encoding.DER,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    assert reloaded.private_bytes(**as_der) == created.private_bytes(**as_der)
    assert public_jwks(reloaded) == public_jwks(created)


def test_existing_key_file_is_not_replaced(tmp_path, key):
    path = tmp_path / "signing.pem"
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    assert public_jwks(load_or_create_signing_key(path)) == public_jwks(key)
    assert path.read_bytes() == pem


def test_losing_the_creation_race_keeps_the_winners_key(tmp_path):
    # Two workers start at once: both see no file, both generate; the second to link
    # its file into place must keep (and later load) the first one's key.
    path = tmp_path / "signing.pem"
    winner = load_or_create_signing_key(path)
    pem = path.read_bytes()
    badges._create_key_file(path)
    assert path.read_bytes() == pem
    assert [p.name for p in tmp_path.iterdir()] == ["signing.pem"]
    assert public_jwks(load_or_create_signing_key(path)) == public_jwks(winner)


def test_jwks_shape_and_no_private_parts(key):
    jwks = public_jwks(key)
    assert list(jwks) == ["keys"] and len(jwks["keys"]) == 1
    jwk = jwks["keys"][0]
    assert set(jwk) == {"kty", "n", "e", "kid", "alg", "use"}
    assert (jwk["kty"], jwk["alg"], jwk["use"], jwk["e"]) == ("RSA", "RS256", "sig", "AQAB")
    assert jwk["kid"] == jwk_thumbprint(jwk)


def test_thumbprint_matches_rfc7638_example():
    # RFC 7638, section 3.1.
    rfc_jwk = {
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L"
        "6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4Qy"
        "Q5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbI"
        "SD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-"
        "kEgU8awapJzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert jwk_thumbprint(rfc_jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


# --- signing and verifying -----------------------------------------------------------


def test_signed_credential_verifies_with_published_jwks_alone(key):
    credential = make_credential()
    token = sign_credential(credential, key, kid_of(key))
    assert verify_credential_jwt(token, offline_copy(public_jwks(key))) == credential


def test_token_header_and_claims_follow_ob3_vc_jwt(key):
    credential = make_credential()
    token = sign_credential(credential, key, kid_of(key))
    header = jwt.get_unverified_header(token)
    assert set(header) == {"alg", "typ", "kid", "jwk"}
    assert (header["alg"], header["typ"], header["kid"]) == ("RS256", "JWT", kid_of(key))
    assert "d" not in header["jwk"]  # never leak the private exponent
    assert jwk_thumbprint(header["jwk"]) == kid_of(key)

    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["iss"] == credential["issuer"]["id"]
    assert claims["sub"] == SUBJECT
    assert claims["jti"] == credential["id"]
    assert claims["nbf"] == int(VALID_FROM.replace(microsecond=0).timestamp())
    assert isinstance(claims["iat"], int)
    assert "vc" not in claims  # VC 2.0 credentials are the payload itself
    assert {k: v for k, v in claims.items() if k not in {"iss", "sub", "jti", "nbf", "iat"}} == (
        credential
    )


def _tamper_payload(token, change):
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(claims)
    raw = json.dumps(claims, separators=(",", ":")).encode()
    forged = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def _rename_achievement(claims):
    claims["credentialSubject"]["achievement"]["name"] = "Spiss"


def _swap_subject(claims):
    claims["sub"] = claims["credentialSubject"]["id"] = (
        "urn:uuid:00000000-0000-4000-8000-000000000000"
    )


@pytest.mark.parametrize(
    "change", [_rename_achievement, _swap_subject], ids=["achievement-name", "subject"]
)
def test_tampered_payload_fails(key, change):
    token = _tamper_payload(sign_credential(make_credential(), key, kid_of(key)), change)
    with pytest.raises(CredentialVerificationError):
        verify_credential_jwt(token, offline_copy(public_jwks(key)))


def test_tampered_signature_fails(key):
    token = sign_credential(make_credential(), key, kid_of(key))
    head, payload, signature = token.split(".")
    flipped = ("A" if signature[10] != "A" else "B").join((signature[:10], signature[11:]))
    with pytest.raises(CredentialVerificationError):
        verify_credential_jwt(f"{head}.{payload}.{flipped}", public_jwks(key))


def test_token_signed_by_a_different_key_fails(key, other_key):
    # Even when it claims our kid and carries its own key in the header.
    token = sign_credential(make_credential(), other_key, kid_of(key))
    with pytest.raises(CredentialVerificationError):
        verify_credential_jwt(token, offline_copy(public_jwks(key)))


def test_unknown_kid_fails(key, other_key):
    token = sign_credential(make_credential(), other_key, kid_of(other_key))
    with pytest.raises(CredentialVerificationError, match="no published key"):
        verify_credential_jwt(token, public_jwks(key))


def test_verifies_with_a_jwks_holding_several_keys(key, other_key):
    both = {"keys": public_jwks(other_key)["keys"] + public_jwks(key)["keys"]}
    token = sign_credential(make_credential(), key, kid_of(key))
    assert verify_credential_jwt(token, offline_copy(both))["id"] == make_credential()["id"]


def test_other_algorithms_are_refused(key):
    secret = "a-shared-secret-that-is-long-enough-32b"
    token = jwt.encode({"iss": "x"}, secret, "HS256", headers={"kid": kid_of(key)})
    with pytest.raises(CredentialVerificationError):
        verify_credential_jwt(token, public_jwks(key))


def test_credential_from_the_future_fails(key):
    credential = make_credential(valid_from=datetime.now(UTC) + timedelta(days=2))
    token = sign_credential(credential, key, kid_of(key))
    with pytest.raises(CredentialVerificationError):
        verify_credential_jwt(token, public_jwks(key))


def test_garbage_token_fails(key):
    with pytest.raises(CredentialVerificationError):
        verify_credential_jwt("not.a.token", public_jwks(key))


def test_sign_refuses_credential_without_claim_sources(key):
    credential = make_credential()
    del credential["credentialSubject"]["id"]
    with pytest.raises(ValueError, match="missing"):
        sign_credential(credential, key, kid_of(key))
