"""Finding 8: HSTS in production; nothing personal is kept by caches."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lms import create_app
from lms.extensions import db
from lms.models import TierAward
from tests.helpers import module_md, pass_module, stored_module, write_course
from tests.trust.test_config_trust import STRONG_KEY, _production

COURSE = "dette-ma-jeg-kunne"


def test_production_sends_hsts_and_development_does_not(app, client):
    production = create_app(_production(STRONG_KEY))
    hsts = production.test_client().get("/login").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_signed_in_pages_are_not_stored(learner_client, client):
    assert "no-store" in learner_client.get("/courses").headers["Cache-Control"]
    assert "no-store" in learner_client.get("/progress").headers["Cache-Control"]


@pytest.fixture
def award(real_courses, learner_client, learner):
    course = stored_module(COURSE, "rollen-din").course
    for mod in course.modules:
        if mod.tier == "bas":
            pass_module(learner_client, mod)
    return db.session.scalar(sa.select(TierAward).where(TierAward.user_id == learner.id))


@pytest.mark.parametrize(
    "path",
    [
        "/awards/{code}/certificate.pdf",
        "/awards/{code}/badge.jwt",
        "/awards/{code}/badge.json",
        "/progress/transcript.pdf",
        "/progress/transcript.csv",
    ],
)
def test_pdfs_csv_and_badges_are_not_stored(award, learner_client, path):
    response = learner_client.get(path.format(code=award.verification_code))
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "no-store" in cache and "public" not in cache


def test_course_assets_behind_login_are_private(courses_dir, learner_client):
    from lms.content.sync import sync_courses

    write_course(
        courses_dir,
        "bilder",
        {
            "course.yml": "id: bilder\ntitle: Bilder\nlanguage: nb\nsummary: S.\nopen: true\n",
            "01-a.md": module_md("a"),
            "img/photo.png": "not really a png",
        },
    )
    report = sync_courses(db.session, courses_dir)
    db.session.commit()
    assert report.ok, [str(p) for r in report.invalid for p in r.problems]
    response = learner_client.get("/courses/bilder/_files/img/photo.png")
    response.close()  # a streamed file
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "private" in cache and "public" not in cache and "no-store" not in cache
