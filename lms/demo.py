"""``flask demo``: a demo organisation with one user per role (idempotent)."""

from __future__ import annotations

import secrets

import click
import sqlalchemy as sa
from flask import current_app

from lms.auth.services import create_user, find_user
from lms.extensions import db
from lms.models import Assignment, Course, Membership, Organisation, Unit

DEMO_ORG = "Demo kommune"
DEMO_UNIT = "Solsiden sykehjem"
DEMO_USERS = (
    # username, display name, roles, unit role
    ("laerling", "Amina Hassan", ("learner",), "member"),
    ("leder", "Kari Nordmann", ("supervisor",), "supervisor"),
    ("forfatter", "Ola Forfatter", ("author",), None),
    ("admin", "Admin Steg", ("admin",), None),
)


def ensure_demo(password: str | None = None) -> list[tuple[str, str]]:
    """Create what is missing; return (username, password) for users created now."""
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == DEMO_ORG))
    if org is None:
        org = Organisation(name=DEMO_ORG)
        db.session.add(org)
        db.session.flush()
    unit = db.session.scalar(
        sa.select(Unit).where(Unit.organisation_id == org.id, Unit.name == DEMO_UNIT)
    )
    if unit is None:
        unit = Unit(organisation=org, name=DEMO_UNIT)
        db.session.add(unit)
        db.session.flush()
    created = []
    for username, name, roles, unit_role in DEMO_USERS:
        if find_user(db.session, username) is not None:
            continue
        pw = password or secrets.token_urlsafe(9)
        user = create_user(
            db.session,
            username,
            pw,
            roles=roles,
            display_name=name,
            organisation_id=org.id,
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        )
        if unit_role:
            db.session.add(Membership(user=user, unit=unit, role=unit_role))
        created.append((username, pw))
    # The demo unit is assigned every course that is synced.
    for course in db.session.scalars(sa.select(Course).where(Course.archived_at.is_(None))):
        exists = db.session.scalar(
            sa.select(Assignment.id).where(
                Assignment.course_id == course.id, Assignment.unit_id == unit.id
            )
        )
        if exists is None:
            db.session.add(Assignment(course_id=course.id, unit_id=unit.id))
    db.session.commit()
    return created


@click.command("demo")
@click.option("--password", help="Use this password for new demo users (default: random).")
def demo_command(password):
    """Create the demo organisation and users; prints new credentials once."""
    created = ensure_demo(password)
    if not created:
        click.echo("Demo users exist already (passwords were printed when they were created).")
        return
    click.echo("Demo users (shown once; write them down):")
    for username, pw in created:
        click.echo(f"  {username:<10} {pw}")
