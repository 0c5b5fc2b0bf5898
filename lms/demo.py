"""``flask demo``: a demo organisation with a unit tree, one user per role and about 25
learners at varied progress, so the supervisor's dashboard is alive on the first run.

Idempotent: what exists is left alone; only what is missing is created.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

import click
import sqlalchemy as sa
from flask import current_app

from lms.auth.services import create_user, find_user
from lms.content.tier_rules import TIERS
from lms.extensions import db
from lms.models import (
    Assignment,
    Course,
    Meeting,
    MeetingAttendance,
    Membership,
    Module,
    ModuleProgress,
    Organisation,
    Unit,
    User,
    utcnow,
)
from lms.tiers.awards import award_reached_tiers

DEMO_ORG = "Demo kommune"
DEMO_UNIT = "Solsiden sykehjem"
# (name, parent): the supervisor "leder" leads Solsiden and so sees its wards too;
# the home-care zone is someone else's and never shows on leder's dashboard.
DEMO_UNITS = (
    (DEMO_UNIT, None),
    ("Post 1 demens", DEMO_UNIT),
    ("Post 2 korttid", DEMO_UNIT),
    ("Post 2 natt", "Post 2 korttid"),
    ("Hjemmetjenesten nord", None),
)
DEMO_USERS = (
    # username, display name, roles, unit role
    ("laerling", "Amina Hassan", ("learner",), "member"),
    ("leder", "Kari Nordmann", ("supervisor",), "supervisor"),
    ("forfatter", "Ola Forfatter", ("author",), None),
    ("admin", "Admin Steg", ("admin",), None),
)
DEMO_COURSE = "dette-ma-jeg-kunne"
MEETING_TITLE = "Refleksjon: verdighet i stell"
# (username, name, unit, progress): progress is what the learner has done in the demo
# course, as (tier reached, extra modules passed in the next tier), or a special state.
DEMO_LEARNERS = (
    ("demo01", "Ingrid Berg", "Post 1 demens", ("spets", 0)),
    ("demo02", "Jonas Haugen", "Post 1 demens", ("fordjupning", 0)),
    ("demo03", "Fatima Ali", "Post 1 demens", ("fordjupning", 0)),
    ("demo04", "Lars Olsen", "Post 1 demens", ("bas", 2)),
    ("demo05", "Sara Lund", "Post 1 demens", ("bas", 0)),
    ("demo06", "Mohammed Yusuf", "Post 1 demens", ("bas", 1)),
    ("demo07", "Emma Johansen", "Post 1 demens", "stalled"),
    ("demo08", "Nora Dahl", "Post 1 demens", "not_started"),
    ("demo09", "Ahmed Hassan", "Post 2 korttid", ("spets", 0)),
    ("demo10", "Maria Santos", "Post 2 korttid", ("fordjupning", 0)),
    ("demo11", "Ole Nilsen", "Post 2 korttid", ("bas", 0)),
    ("demo12", "Hanne Bakke", "Post 2 korttid", "overdue"),
    ("demo13", "Piotr Nowak", "Post 2 korttid", ("none", 2)),
    ("demo14", "Kristin Moe", "Post 2 korttid", "not_started"),
    ("demo15", "Abdi Warsame", "Post 2 korttid", ("bas", 1)),
    ("demo16", "Tone Strand", "Post 2 natt", ("fordjupning", 0)),
    ("demo17", "Elias Lie", "Post 2 natt", ("bas", 0)),
    ("demo18", "Leila Karimi", "Post 2 natt", ("none", 1)),
    ("demo19", "Per Hansen", "Post 2 natt", "not_started"),
    ("demo20", "Anne Eide", DEMO_UNIT, ("bas", 0)),
    ("demo21", "Grete Solberg", DEMO_UNIT, ("fordjupning", 1)),
    ("demo22", "Tomas Ruud", DEMO_UNIT, ("none", 3)),
    ("demo23", "Sofie Vik", "Hjemmetjenesten nord", ("bas", 0)),
    ("demo24", "Erik Foss", "Hjemmetjenesten nord", "not_started"),
)


def ensure_demo(password: str | None = None) -> list[tuple[str, str]]:
    """Create what is missing; return (username, password) for role users created now."""
    org = db.session.scalar(sa.select(Organisation).where(Organisation.name == DEMO_ORG))
    if org is None:
        org = Organisation(name=DEMO_ORG)
        db.session.add(org)
        db.session.flush()
    units = _ensure_units(org)
    unit = units[DEMO_UNIT]
    created = []
    for username, name, roles, unit_role in DEMO_USERS:
        if find_user(db.session, username) is not None:
            continue
        pw = password or secrets.token_urlsafe(12)
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
    if find_user(db.session, "leder2") is None:
        # Leads the home-care zone, so the demo shows two supervisors who never see
        # each other's staff.
        user = create_user(
            db.session,
            "leder2",
            password or secrets.token_urlsafe(9),
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            roles=("supervisor",),
            display_name="Bente Lund",
            organisation_id=org.id,
        )
        db.session.add(Membership(user=user, unit=units["Hjemmetjenesten nord"], role="supervisor"))
    # The demo unit is assigned every course that is synced.
    for course in db.session.scalars(sa.select(Course).where(Course.archived_at.is_(None))):
        exists = db.session.scalar(
            sa.select(Assignment.id).where(
                Assignment.course_id == course.id, Assignment.unit_id == unit.id
            )
        )
        if exists is None:
            db.session.add(
                Assignment(
                    course_id=course.id,
                    unit_id=unit.id,
                    target_tier="bas",
                    due_on=_midnight(date.today() + timedelta(days=60)),
                )
            )
    db.session.flush()
    _ensure_learners(org, units)
    db.session.commit()
    return created


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _ensure_units(org: Organisation) -> dict[str, Unit]:
    units = {
        u.name: u for u in db.session.scalars(sa.select(Unit).where(Unit.organisation_id == org.id))
    }
    for name, parent in DEMO_UNITS:
        if name not in units:
            units[name] = Unit(organisation=org, name=name, parent=units.get(parent))
            db.session.add(units[name])
    db.session.flush()
    return units


def _ensure_learners(org: Organisation, units: dict[str, Unit]) -> None:
    """Learners with progress in the demo course; only learners created now get progress."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == DEMO_COURSE))
    new: dict[str, User] = {}
    for username, name, unit_name, _state in DEMO_LEARNERS:
        if find_user(db.session, username) is not None:
            continue
        # Nobody signs in as these learners: their password is random and not shown.
        user = create_user(
            db.session,
            username,
            secrets.token_urlsafe(12),
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            roles=("learner",),
            display_name=name,
            organisation_id=org.id,
        )
        db.session.add(Membership(user=user, unit=units[unit_name], role="member"))
        new[username] = user
    db.session.flush()
    if course is None or not new:
        return
    modules = list(
        db.session.scalars(
            sa.select(Module)
            .where(Module.course_id == course.id, Module.archived_at.is_(None))
            .order_by(Module.position)
        )
    )
    # The reflection meeting comes first: the course asks for one before fordypning.
    _ensure_meeting(course, units, new)
    now = utcnow()
    for index, (username, _name, _unit, state) in enumerate(DEMO_LEARNERS):
        user = new.get(username)
        if user is None:
            continue
        if state == "not_started":
            continue
        if state == "stalled":
            _pass(user, modules[:1], now - timedelta(days=40))
            _open(user, modules[1:2], now - timedelta(days=30))
        elif state == "overdue":
            _open(user, modules[:1], now - timedelta(days=3))
            db.session.add(
                Assignment(
                    course_id=course.id,
                    user_id=user.id,
                    target_tier="bas",
                    due_on=_midnight(date.today() - timedelta(days=7)),
                )
            )
        else:
            tier, extra = state
            upto = TIERS.index(tier) if tier != "none" else -1
            done = [m for m in modules if TIERS.index(m.tier) <= upto]
            nxt = [m for m in modules if TIERS.index(m.tier) == upto + 1][:extra]
            _pass(user, done + nxt, now - timedelta(days=1 + index % 9))
        db.session.flush()
        award_reached_tiers(db.session, user, course, DEMO_ORG)


def _pass(user: User, modules: list[Module], when: datetime) -> None:
    for module in modules:
        db.session.add(
            ModuleProgress(
                user_id=user.id,
                module_id=module.id,
                first_opened_at=when,
                last_seen_at=when,
                attempts=1,
                best_score=100 if module.quiz else None,
                passed_at=when,
                passed_content_hash=module.content_hash,
                passed_course_version=module.course.version_label,
            )
        )


def _open(user: User, modules: list[Module], when: datetime) -> None:
    for module in modules:
        db.session.add(
            ModuleProgress(
                user_id=user.id, module_id=module.id, first_opened_at=when, last_seen_at=when
            )
        )


def _ensure_meeting(course: Course, units: dict[str, Unit], new: dict[str, User]) -> None:
    exists = db.session.scalar(sa.select(Meeting.id).where(Meeting.title == MEETING_TITLE))
    if exists is not None:
        return
    leader = find_user(db.session, "leder")
    meeting = Meeting(
        course_id=course.id,
        unit_id=units[DEMO_UNIT].id,
        title=MEETING_TITLE,
        held_on=date.today() - timedelta(days=5),
        created_by_id=leader.id if leader else None,
    )
    db.session.add(meeting)
    db.session.flush()
    # Everyone the demo puts at fordypning or spiss took part (the course may ask for it).
    attendees = [
        username
        for username, _name, _unit, state in DEMO_LEARNERS
        if isinstance(state, tuple) and state[0] in ("fordjupning", "spets")
    ]
    for username in attendees:
        if username in new:
            db.session.add(MeetingAttendance(meeting_id=meeting.id, user_id=new[username].id))


@click.command("demo")
@click.option("--password", help="Use this password for new demo users (default: random).")
def demo_command(password):
    """Create the demo organisation and users; prints new credentials once."""
    created = ensure_demo(password)
    if not created:
        click.echo("Demo users exist already (passwords were printed when they were created).")
        return
    click.echo(f"{DEMO_ORG}: {len(DEMO_LEARNERS)} demo learners fill the dashboard of 'leder'.")
    click.echo("Demo users (shown once; write them down):")
    for username, pw in created:
        click.echo(f"  {username:<10} {pw}")
