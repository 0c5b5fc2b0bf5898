"""Fixtures for supervisor tests: a unit tree, a course, learners with progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from lms.content.sync import sync_courses
from lms.extensions import db
from lms.models import Course, Membership, Module, ModuleProgress, Unit, User, utcnow
from tests.conftest import login
from tests.helpers import module_md, write_course

COURSE_YML = """\
id: kurs
title: Kurs i omsorg
language: nb
summary: S.
tiers:
  fordjupning:
    modules: all
    meetings: 1
"""


@pytest.fixture
def tree(org):
    """Sykehjem (A) with Post 1 and Post 1 natt under it; Hjemmetjenesten (B) apart."""
    return build_tree(org)


def build_tree(org) -> dict[str, Unit]:
    home = Unit(organisation=org, name="Sykehjem")
    ward = Unit(organisation=org, name="Post 1", parent=home)
    night = Unit(organisation=org, name="Post 1 natt", parent=ward)
    other = Unit(organisation=org, name="Hjemmetjenesten")
    db.session.add_all([home, ward, night, other])
    db.session.commit()
    return {"home": home, "ward": ward, "night": night, "other": other}


@pytest.fixture
def course(courses_dir) -> Course:
    """Two bas and two fordjupning modules (no quiz: read to pass); fordjupning needs a meeting."""
    return build_course(courses_dir)


def build_course(courses_dir) -> Course:
    write_course(
        courses_dir,
        "kurs",
        {
            "course.yml": COURSE_YML,
            "01-a.md": module_md(
                "a", "bas", quiz=False, body="Tekst.\n\n```reflect\nHva tenker du?\n```"
            ),
            "02-b.md": module_md("b", "bas", quiz=False),
            "03-c.md": module_md("c", "fordjupning", quiz=False),
            "04-d.md": module_md("d", "fordjupning", quiz=False),
        },
    )
    sync_courses(db.session, courses_dir)
    db.session.commit()
    return db.session.scalar(sa.select(Course).where(Course.slug == "kurs"))


@pytest.fixture
def boss(make_user, tree):
    """Supervisor of Sykehjem (unit A), signed in."""
    return make_user("boss", "supervisor", unit="Sykehjem", unit_role="supervisor")


@pytest.fixture
def boss_client(app, boss):
    client = app.test_client()
    assert login(client, "boss").status_code == 302
    return client


def add_learner(name: str, unit: Unit, username: str | None = None) -> User:
    """A learner row without the password work (fast for hundreds)."""
    user = User(
        username=username or name.lower().replace(" ", "."),
        display_name=name,
        password_hash="x",  # noqa: S106 - never signs in
        organisation_id=unit.organisation_id,
    )
    user.add_role("learner")
    db.session.add(user)
    db.session.add(Membership(user=user, unit=unit, role="member"))
    return user


def progress(user: User, course: Course, slugs: str, *, days_ago: int = 1, passed=True) -> None:
    """Record modules ``slugs`` (e.g. "ab") as passed (or only opened) ``days_ago``."""
    db.session.flush()
    when = utcnow() - timedelta(days=days_ago)
    for slug in slugs:
        module = db.session.scalar(
            sa.select(Module).where(Module.course_id == course.id, Module.slug == slug)
        )
        db.session.add(
            ModuleProgress(
                user_id=user.id,
                module_id=module.id,
                first_opened_at=when,
                last_seen_at=when,
                passed_at=when if passed else None,
                passed_content_hash=module.content_hash if passed else None,
            )
        )


def midnight(days_from_today: int) -> datetime:
    day = utcnow().date() + timedelta(days=days_from_today)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class _TableParser(HTMLParser):
    """Cells of one table (by id) as text, a spanning header repeated as blanks."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id = table_id
        self.inside = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.span = 1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []
            self.span = int(attrs.get("colspan", 1))

    def handle_endtag(self, tag):
        if tag == "table" and self.inside:
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            self.rows[-1] += [text] + [""] * (self.span - 1)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def screen_table(html: str, table_id: str = "matrix") -> list[list[str]]:
    """The dashboard table as the supervisor reads it, row by row."""
    parser = _TableParser(table_id)
    parser.feed(html)
    return parser.rows
