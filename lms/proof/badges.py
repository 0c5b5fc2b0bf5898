"""Open Badges 3.0 credentials for reached tiers: build, sign (VC-JWT), verify.

Pure: no Flask, no database. The caller supplies URLs and names; this module never
sees who the learner is. The credential subject is a pseudonymous ``urn:uuid:`` and
no e-mail address may appear anywhere in a credential.

Signing follows the JSON Web Token proof format of Open Badges 3.0 (section 8.2),
which for credentials on the VC 2.0 context (``validFrom``) makes the credential
itself the JWT payload, with ``iss``, ``sub``, ``jti`` and ``nbf`` copied from it.
(The older ``vc`` wrapper claim belongs to VC data model 1.1 credentials and
VC-JOSE-COSE forbids it for 2.0 ones.) Tokens are RS256 with the public JWK in the
header, so any OB 3.0 verifier can check the signature without fetching a key;
:func:`verify_credential_jwt` trusts only the keys in the JWKS it is given.

Key handling: :func:`load_or_create_signing_key` keeps one RSA key in a PEM file;
:func:`public_jwks` publishes its public half (e.g. at ``/.well-known/jwks.json``).
Key rotation is not handled here: to rotate, publish the old and new public keys
together (concatenate the ``keys`` lists) for as long as old tokens must verify.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import tempfile
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

__all__ = [
    "OB3_CONTEXT",
    "CredentialVerificationError",
    "build_credential",
    "jwk_thumbprint",
    "load_or_create_signing_key",
    "public_jwks",
    "sign_credential",
    "verify_credential_jwt",
]

VC2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: Lets 1EdTech's validators check the credential against the official JSON schema.
OB3_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
ALGORITHM = "RS256"  # the one algorithm every OB 3.0 verifier must support
RSA_KEY_BITS = 2048

_EMAIL = re.compile(r"[^\s@<>()\"',;:]+@[^\s@<>()\"',;:]+\.[A-Za-z]{2,}")
# Registered JWT claims added around the credential in the payload.
_JWT_CLAIMS = ("iss", "sub", "jti", "nbf", "iat", "exp")


class CredentialVerificationError(Exception):
    """A signed credential failed verification (bad signature, unknown key, or mismatch)."""


def build_credential(
    *,
    credential_id: str,
    issuer_id: str,
    issuer_name: str,
    issuer_url: str | None,
    achievement_id: str,
    achievement_name: str,
    achievement_description: str,
    criteria_narrative: str,
    subject_id: str,
    valid_from: datetime,
    name: str,
    image_url: str | None = None,
    achievement_type: str | None = "CertificateOfCompletion",
) -> dict[str, Any]:
    """Return an unsigned OpenBadgeCredential (Open Badges 3.0) as a JSON-ready dict.

    ``credential_id``, ``issuer_id``, ``achievement_id`` (and ``issuer_url``,
    ``image_url`` when given) must be absolute http(s) URLs. ``subject_id`` must be a
    ``urn:uuid:`` URN, so the credential names no person. ``valid_from`` must be
    timezone-aware; it is written in UTC with whole seconds (``2026-03-01T12:00:00Z``)
    because the JWT ``nbf`` has whole seconds and the two must be equal.
    ``achievement_type`` is a value of the OB 3.0 AchievementType vocabulary (a tier
    certificate is a "CertificateOfCompletion"); ``None`` leaves it out.
    ``image_url`` is the badge image, attached to the achievement.

    Raises ``ValueError`` on a bad URL, subject id, naive datetime, empty text, or any
    value that looks like an e-mail address.
    """
    for label, url in (
        ("credential_id", credential_id),
        ("issuer_id", issuer_id),
        ("achievement_id", achievement_id),
        ("issuer_url", issuer_url),
        ("image_url", image_url),
    ):
        if url is not None:
            _require_http_url(label, url)
    _require_urn_uuid(subject_id)
    for label, text in (
        ("issuer_name", issuer_name),
        ("achievement_name", achievement_name),
        ("achievement_description", achievement_description),
        ("criteria_narrative", criteria_narrative),
        ("name", name),
    ):
        if not text or not text.strip():
            raise ValueError(f"{label} must not be empty")

    issuer: dict[str, Any] = {"id": issuer_id, "type": ["Profile"], "name": issuer_name}
    if issuer_url is not None:
        issuer["url"] = issuer_url
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "name": achievement_name,
        "description": achievement_description,
        "criteria": {"narrative": criteria_narrative},
    }
    if achievement_type is not None:
        achievement["achievementType"] = achievement_type
    if image_url is not None:
        achievement["image"] = {"id": image_url, "type": "Image"}

    credential = {
        "@context": [VC2_CONTEXT, OB3_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": _format_datetime(valid_from),
        "name": name,
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "achievement": achievement,
        },
        "credentialSchema": [dict(OB3_SCHEMA)],
    }
    _reject_email_addresses(credential)
    return credential


def load_or_create_signing_key(path: Path) -> rsa.RSAPrivateKey:
    """Load the RSA signing key from the PEM file at ``path``, creating it if missing.

    A new key is RSA 2048, written unencrypted (PKCS#8 PEM) with mode 0600; missing
    parent directories are created with mode 0700. Creation is safe when several
    processes start at once (e.g. gunicorn workers): the file appears atomically and
    a process that loses the race loads the winner's key. The file is a secret: keep
    it out of the repository and in backups, since losing it means credentials
    already issued can no longer be checked against a published key.

    Raises ``TypeError`` if the file holds a key that is not an RSA private key.
    """
    path = Path(path)
    if not path.exists():
        _create_key_file(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"{path} does not hold an RSA private key")
    return key


def public_jwks(private_key: rsa.RSAPrivateKey) -> dict[str, Any]:
    """Return the JWK Set publishing the public half of ``private_key``.

    ``{"keys": [{"kty", "n", "e", "kid", "alg": "RS256", "use": "sig"}]}``, where
    ``kid`` is the RFC 7638 thumbprint of the key (see :func:`jwk_thumbprint`). Pass
    that ``kid`` to :func:`sign_credential`. Never contains private parameters.
    """
    jwk = _public_jwk(private_key.public_key())
    return {"keys": [{**jwk, "kid": jwk_thumbprint(jwk), "alg": ALGORITHM, "use": "sig"}]}


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """Return the RFC 7638 SHA-256 thumbprint (base64url, no padding) of an RSA JWK."""
    if jwk.get("kty") != "RSA":
        raise ValueError("only RSA keys are supported")
    canonical = json.dumps(
        {"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True
    )
    digest = hashlib.sha256(canonical.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def sign_credential(credential: Mapping[str, Any], private_key: rsa.RSAPrivateKey, kid: str) -> str:
    """Sign ``credential`` as an OB 3.0 VC-JWT and return the compact JWS string.

    Header: ``{"alg": "RS256", "typ": "JWT", "kid": kid, "jwk": <public key>}``.
    Payload: the credential's members plus ``iss`` (issuer id), ``sub`` (subject id),
    ``jti`` (credential id), ``nbf`` (``validFrom`` in epoch seconds) and ``iat``
    (now). ``kid`` should be the ``kid`` from :func:`public_jwks` for the same key.

    Raises ``ValueError`` if the credential lacks the ids or ``validFrom`` the claims
    are taken from, or already has members named like the JWT claims.
    """
    clash = sorted(set(_JWT_CLAIMS) & set(credential))
    if clash:
        raise ValueError(f"credential has members that clash with JWT claims: {clash}")
    try:
        claims = {
            "iss": credential["issuer"]["id"],
            "sub": credential["credentialSubject"]["id"],
            "jti": credential["id"],
            "nbf": _epoch_seconds(credential["validFrom"]),
        }
    except (KeyError, TypeError) as exc:
        raise ValueError(f"credential is missing a field needed for signing: {exc}") from exc
    payload = {
        **credential,
        **claims,
        "iat": int(datetime.now(UTC).timestamp()),
    }
    headers = {"typ": "JWT", "kid": kid, "jwk": _public_jwk(private_key.public_key())}
    return jwt.encode(payload, private_key, algorithm=ALGORITHM, headers=headers)


def verify_credential_jwt(
    token: str, jwks: Mapping[str, Any], *, leeway_seconds: int = 300
) -> dict[str, Any]:
    """Verify a VC-JWT from :func:`sign_credential` and return the credential dict.

    The signing key is the key in ``jwks`` whose ``kid`` matches the token header; a
    ``jwk`` in the header is never trusted (anyone can put their own key there). Only
    RS256 is accepted. Also checks, per OB 3.0, that ``iss``, ``sub``, ``jti`` and
    ``nbf`` match the credential and that ``validFrom`` is not in the future (allowing
    ``leeway_seconds`` of clock difference). A payload with a ``vc`` claim (VC data
    model 1.1 style) is accepted too, and its ``vc`` is returned.

    Raises :class:`CredentialVerificationError` on any failure.
    """
    try:
        header = jwt.get_unverified_header(token)
        kid = header.get("kid")
        jwk_data = next(
            (key for key in jwks.get("keys", []) if kid is not None and key.get("kid") == kid),
            None,
        )
        if jwk_data is None:
            raise CredentialVerificationError(f"no published key with kid {kid!r}")
        signing_key = jwt.PyJWK(dict(jwk_data), algorithm=ALGORITHM)
        payload = jwt.decode(
            token,
            key=signing_key.key,
            algorithms=[ALGORITHM],
            options={"require": ["iss", "sub", "jti", "nbf"], "verify_aud": False},
            leeway=leeway_seconds,
        )
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
        raise CredentialVerificationError(str(exc) or type(exc).__name__) from exc

    if isinstance(payload.get("vc"), dict):
        credential = dict(payload["vc"])
    else:
        credential = {k: v for k, v in payload.items() if k not in _JWT_CLAIMS}
    _check_claims_match(payload, credential)
    return credential


# --- helpers -------------------------------------------------------------------------


def _require_http_url(label: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or "@" in parts.netloc:
        raise ValueError(f"{label} must be an absolute http(s) URL, got {url!r}")


def _require_urn_uuid(subject_id: str) -> None:
    prefix = "urn:uuid:"
    if not subject_id.startswith(prefix):
        raise ValueError(f"subject_id must be a urn:uuid: URN, got {subject_id!r}")
    try:
        uuid.UUID(subject_id.removeprefix(prefix))
    except ValueError:
        raise ValueError(f"subject_id is not a valid UUID URN: {subject_id!r}") from None


def _format_datetime(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("valid_from must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _epoch_seconds(timestamp: str) -> int:
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        raise ValueError(f"validFrom has no time zone: {timestamp!r}")
    return int(moment.timestamp())


def _reject_email_addresses(value: Any, where: str = "credential") -> None:
    # The credential travels to wallets and third parties; it must not identify the
    # learner, and an address slipped into a name field would do exactly that.
    if isinstance(value, str):
        if _EMAIL.search(value):
            raise ValueError(f"{where} looks like it contains an e-mail address")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _reject_email_addresses(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _reject_email_addresses(item, f"{where}[{index}]")


def _public_jwk(public_key: rsa.RSAPublicKey) -> dict[str, str]:
    jwk = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    return {"kty": "RSA", "n": jwk["n"], "e": jwk["e"]}


def _check_claims_match(payload: Mapping[str, Any], credential: Mapping[str, Any]) -> None:
    try:
        expected = {
            "iss": credential["issuer"]["id"],
            "sub": credential["credentialSubject"]["id"],
            "jti": credential["id"],
            "nbf": _epoch_seconds(credential["validFrom"]),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise CredentialVerificationError(f"credential is incomplete: {exc}") from exc
    for claim, value in expected.items():
        if payload.get(claim) != value:
            raise CredentialVerificationError(f"JWT claim {claim!r} does not match the credential")


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    # mkstemp creates the file with mode 0600 whatever the umask; linking it into
    # place is atomic and fails if another process got there first.
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".key-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(pem)
            tmp.flush()
            os.fsync(tmp.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp_name, path)
    finally:
        os.unlink(tmp_name)
