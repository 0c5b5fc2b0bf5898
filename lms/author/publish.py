"""Publishing from git: check a signed request, pull the courses and sync them.

Plain functions over a session and arguments (no request): the webhook view calls them,
and tests can too. The signature is HMAC-SHA256 over ``timestamp.delivery.body``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.content.sync import sync_courses
from lms.models import WebhookDelivery

DELIVERY_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
GIT_TIMEOUT_SECONDS = 120


class Rejected(Exception):
    """A publish request that is refused; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def signature(secret: str, timestamp: str, delivery: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 with ``secret`` over ``timestamp.delivery.body``."""
    message = f"{timestamp}.{delivery}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SignedRequest:
    delivery: str
    sent_at: datetime


def verify(
    secret: str, headers, body: bytes, window_seconds: int, now: datetime | None = None
) -> SignedRequest:
    """Check the signature and the timestamp; raise ``Rejected`` saying what is wrong."""
    delivery = headers.get("X-Steg-Delivery", "")
    timestamp = headers.get("X-Steg-Timestamp", "")
    given = headers.get("X-Steg-Signature", "")
    if not (delivery and timestamp and given):
        raise Rejected(400, "X-Steg-Delivery, X-Steg-Timestamp and X-Steg-Signature are required")
    if not DELIVERY_PATTERN.match(delivery) or not timestamp.isdigit():
        raise Rejected(400, "malformed delivery id or timestamp")
    expected = signature(secret, timestamp, delivery, body)
    if not hmac.compare_digest(expected.encode(), given.encode()):
        raise Rejected(403, "bad signature")
    now = now or datetime.now(UTC)
    sent_at = datetime.fromtimestamp(int(timestamp), UTC)
    if abs((now - sent_at).total_seconds()) > window_seconds:
        raise Rejected(403, "timestamp outside the replay window")
    return SignedRequest(delivery, sent_at)


def claim_delivery(session: Session, signed: SignedRequest) -> WebhookDelivery:
    """Store the delivery id (committed), or raise ``Rejected`` 409 if it was seen before."""
    seen = session.scalar(
        sa.select(WebhookDelivery.id).where(WebhookDelivery.delivery_id == signed.delivery)
    )
    if seen is not None:
        raise Rejected(409, "delivery already received (replay)")
    delivery = WebhookDelivery(delivery_id=signed.delivery, sent_at=signed.sent_at, result={})
    session.add(delivery)
    try:
        session.commit()
    except sa.exc.IntegrityError as exc:  # the same delivery, arriving twice at once
        session.rollback()
        raise Rejected(409, "delivery already received (replay)") from exc
    return delivery


def git_pull(repo: Path) -> str:
    """``git pull --ff-only`` in ``repo``; returns git's output, raises RuntimeError on failure."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["git", "-C", str(repo), "pull", "--ff-only"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            # The server's own environment (HOME for SSH keys), but never a password prompt.
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RuntimeError(f"git pull failed: {exc}") from exc
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise RuntimeError(f"git pull failed: {output}")
    return output


def publish(
    session: Session, delivery: WebhookDelivery, repo: Path | None, courses: Path
) -> WebhookDelivery:
    """Pull ``repo`` (when set), sync ``courses`` and record the result and an audit event."""
    try:
        pulled = git_pull(repo) if repo else "no CONTENT_GIT_DIR: synced without pulling"
    except RuntimeError as exc:
        delivery.ok = False
        delivery.result = {"error": str(exc)[:2000]}
    else:
        report = sync_courses(session, courses, source="webhook")
        delivery.ok = report.ok
        delivery.result = {"pull": pulled[:2000], "lines": report.lines()}
    record_event(
        session,
        "content.publish",
        target_type="webhook_delivery",
        target_id=delivery.id,
        delivery=delivery.delivery_id,
        ok=delivery.ok,
        **delivery.result,
    )
    session.commit()
    return delivery
