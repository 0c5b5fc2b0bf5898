"""Shared fixtures: an app on a fresh schema, clients signed in per role, factories."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g

from config import TestingConfig
from lms import create_app
from lms.auth.services import create_user
from lms.extensions import db, limiter
from lms.models import Membership, Organisation, Unit

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the catalogs when a .po is newer than its .mo (make does this too)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (REPO / "lms" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as src:
                catalog = read_po(src)
            with mo.open("wb") as out:
                write_mo(out, catalog)


@pytest.fixture
def app(tmp_path):
    class Config(TestingConfig):
        COURSES_DIR = str(tmp_path / "courses")
        BADGE_KEY_PATH = str(tmp_path / "instance" / "badge-key.pem")
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashing in tests only

    (tmp_path / "courses").mkdir()
    app = create_app(Config)

    @app.teardown_request
    def forget_request_globals(exc):
        # The fixture keeps one app context open, so requests would share `g` (and
        # Flask-Login's cached user in it). In production every request has its own.
        g.__dict__.clear()

    yield from serve_fresh_schema(app)


def serve_fresh_schema(app):
    """Yield ``app`` inside an app context on a fresh schema; drop it afterwards."""
    with app.app_context():
        _reset_schema()
        limiter.reset()
        yield app
        db.session.remove()
        _reset_schema(create=False)
        db.engine.dispose()


def _reset_schema(create: bool = True) -> None:
    """Drop everything (PostgreSQL keeps data between runs) and create the schema fresh."""
    db.drop_all()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    if create:
        db.create_all()


@pytest.fixture
def runner(app):
    """The Flask CLI runner (pytest-flask provides `client`, not this one)."""
    return app.test_cli_runner()


@pytest.fixture
def courses_dir(app) -> Path:
    return Path(app.config["COURSES_DIR"])


@pytest.fixture
def real_courses(app, courses_dir):
    """The repository's own courses, copied and synced."""
    from lms.content.sync import sync_courses

    shutil.copytree(REPO / "courses", courses_dir, dirs_exist_ok=True)
    report = sync_courses(db.session, courses_dir)
    db.session.commit()
    assert report.ok, [str(p) for r in report.invalid for p in r.problems]
    return report


@pytest.fixture
def org(app):
    organisation = Organisation(name="Testkommune")
    unit = Unit(organisation=organisation, name="Avdeling A")
    db.session.add_all([organisation, unit])
    db.session.commit()
    return organisation


@pytest.fixture
def make_user(app, org):
    def make(
        username: str, *roles: str, unit: str | None = None, unit_role: str = "member", **kwargs
    ):
        user = create_user(
            db.session,
            username,
            PASSWORD,
            roles=roles or ("learner",),
            organisation_id=org.id,
            hash_method=app.config["PASSWORD_HASH_METHOD"],
            **kwargs,
        )
        if unit:
            found = db.session.scalar(sa.select(Unit).where(Unit.name == unit))
            if found is None:
                found = Unit(organisation_id=org.id, name=unit)
                db.session.add(found)
            db.session.add(Membership(user=user, unit=found, role=unit_role))
        db.session.commit()
        return user

    return make


def login(client, username: str, password: str = PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def learner(make_user):
    return make_user("amina", "learner", display_name="Amina Hassan", unit="Avdeling A")


@pytest.fixture
def learner_client(client, learner):
    response = login(client, "amina")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def supervisor_client(app, make_user):
    make_user("kari", "supervisor", unit="Avdeling A", unit_role="supervisor")
    client = app.test_client()
    assert login(client, "kari").status_code == 302
    return client


@pytest.fixture
def admin_client(app, make_user):
    make_user("root", "admin")
    client = app.test_client()
    assert login(client, "root").status_code == 302
    return client


def system_part_missing(reason: str) -> None:
    """Fail in CI, where every system package must be installed; skip elsewhere, saying why."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pdf_engine():
    """WeasyPrint, loaded; tests that make PDFs skip outside CI when it cannot load."""
    from lms.proof.pdf import PdfUnavailable, load_weasyprint

    try:
        return load_weasyprint()
    except PdfUnavailable as exc:
        system_part_missing(f"PDF tests skipped: {exc}")


def pytest_report_header(config):
    url = os.environ.get("TEST_DATABASE_URL")
    return f"database: {'PostgreSQL (TEST_DATABASE_URL)' if url else 'SQLite in memory'}"
