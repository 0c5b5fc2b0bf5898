"""Fixtures for the admin pages: a small organisation tree and CSV helpers."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditEvent, Unit


@pytest.fixture
def units(org):
    """Avdeling A (from ``org``) with Post 1 under it, and Hjemmetjenesten beside it."""
    a = db.session.scalar(sa.select(Unit).where(Unit.name == "Avdeling A"))
    post = Unit(organisation=org, name="Post 1", parent=a)
    home = Unit(organisation=org, name="Hjemmetjenesten")
    db.session.add_all([post, home])
    db.session.commit()
    return {"a": a, "post": post, "home": home}


def csv_bytes(text: str, *, bom: bool = False) -> bytes:
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def upload(client, data: bytes, org_id: int, filename: str = "staff.csv"):
    import io

    return client.post(
        "/admin/import",
        data={"file": (io.BytesIO(data), filename), "organisation_id": str(org_id)},
        content_type="multipart/form-data",
    )


def payload_of(html: str) -> str:
    match = re.search(r'name="payload"[^>]*value="([^"]*)"', html)
    assert match, "the preview has no confirm form"
    return match.group(1)


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))
