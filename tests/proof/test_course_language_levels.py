"""A course's levels carry the course's language wherever the course is named.

A Swedish course shows Bas / Fördjupning / Spets on the certificate, the public check,
the transcript (PDF and CSV) and the admin list, whatever the reader's UI language.
"""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from lms.content.sync import sync_courses
from lms.extensions import db
from lms.models import TierAward, User
from tests.conftest import login
from tests.helpers import module_md, pass_module, stored_module, write_course

SV_COURSE = "vard-sv"
SWEDISH = ("Bas", "Fördjupning", "Spets")
OTHER_NAMES = ("Fordypning", "Spiss", "Basic", "Advanced", "Expert")


def _pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def swedish_awards(app, courses_dir, learner_client, learner):
    """The learner passes every module of a Swedish course and so reaches all three levels."""
    write_course(
        courses_dir,
        SV_COURSE,
        {
            "course.yml": f"id: {SV_COURSE}\ntitle: Vård på svenska\nlanguage: sv\n"
            "summary: En kurs.\nversion: '1'\n",
            "01-a.md": module_md("a", "bas"),
            "02-b.md": module_md("b", "fordjupning"),
            "03-c.md": module_md("c", "spets"),
        },
    )
    sync_courses(db.session, courses_dir)
    db.session.commit()
    course = stored_module(SV_COURSE, "a").course
    for mod in course.modules:
        pass_module(learner_client, mod)
    awards = db.session.scalars(
        sa.select(TierAward).where(TierAward.user_id == learner.id).order_by(TierAward.id)
    ).all()
    assert [a.tier for a in awards] == ["bas", "fordjupning", "spets"]
    return awards


def _use_ui_language(username: str, language: str) -> None:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    user.language = language
    db.session.commit()


@pytest.mark.parametrize("ui_language", ["nb", "en"])
def test_swedish_levels_on_certificate_verify_and_transcript(
    swedish_awards, learner_client, client, ui_language
):
    _use_ui_language("amina", ui_language)
    fordjupning = swedish_awards[1]

    certificate = learner_client.get(f"/awards/{fordjupning.verification_code}/certificate.pdf")
    text = _pdf_text(certificate.data)
    assert "Fördjupning" in text and "Bas" in text
    assert not [name for name in OTHER_NAMES if name in text], text

    page = learner_client.get(f"/verify/{fordjupning.verification_code}").get_data(as_text=True)
    assert '<dd lang="sv">Fördjupning</dd>' in page
    assert not [name for name in OTHER_NAMES if name in page]

    text = _pdf_text(learner_client.get("/progress/transcript.pdf").data)
    assert all(name in text for name in SWEDISH), text
    assert not [name for name in OTHER_NAMES if name in text], text

    body = learner_client.get("/progress/transcript.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    levels = {row[4] for row in rows[1:]}
    assert levels == set(SWEDISH)


@pytest.mark.parametrize("ui_language", ["nb", "en"])
def test_swedish_levels_in_the_admin_list(swedish_awards, app, make_user, ui_language):
    make_user("root", "admin", language=ui_language)
    admin = app.test_client()
    login(admin, "root")
    page = admin.get("/admin/").get_data(as_text=True)
    for name in SWEDISH:
        assert f'<span lang="sv">{name}</span>' in page
    assert not [name for name in OTHER_NAMES if name in page]


def test_transcript_csv_speaks_the_ui_language(swedish_awards, learner_client):
    _use_ui_language("amina", "nb")
    body = learner_client.get("/progress/transcript.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["Kurs", "Kursversjon", "Hva", "Navn", "Nivå", "Dato", "Minutter", "Status"]
    assert {row[2] for row in rows[1:]} == {"Modul", "Nivå"}
    assert {row[7] for row in rows[1:]} == {"Bestått", "Gyldig"}

    _use_ui_language("amina", "sv")
    body = learner_client.get("/progress/transcript.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Kurs", "Kursversion", "Vad"]
    assert {row[7] for row in rows[1:]} == {"Godkänd", "Giltig"}
    assert "passed" not in body and "valid" not in body


def test_the_swedish_course_in_courses_names_its_levels_in_swedish(
    real_courses, learner_client, learner
):
    """The repository's own Swedish course (its fördjupning also asks for a meeting)."""
    from datetime import date

    from lms.models import Meeting, MeetingAttendance

    course = stored_module("introduktion-vard-och-omsorg", "ditt-uppdrag").course
    meeting = Meeting(course_id=course.id, title="Reflektionsmöte", held_on=date(2026, 11, 2))
    db.session.add(meeting)
    db.session.flush()
    db.session.add(MeetingAttendance(meeting_id=meeting.id, user_id=learner.id))
    db.session.commit()
    for mod in course.modules:
        if mod.archived_at is None:
            pass_module(learner_client, mod)
    awards = db.session.scalars(
        sa.select(TierAward).where(TierAward.course_id == course.id).order_by(TierAward.id)
    ).all()
    assert [a.tier for a in awards] == ["bas", "fordjupning", "spets"]

    for ui_language in ("nb", "en"):
        _use_ui_language("amina", ui_language)
        code = awards[1].verification_code
        text = _pdf_text(learner_client.get(f"/awards/{code}/certificate.pdf").data)
        assert "Fördjupning" in text and not [n for n in OTHER_NAMES if n in text]
        page = learner_client.get(f"/verify/{code}").get_data(as_text=True)
        assert '<dd lang="sv">Fördjupning</dd>' in page
        body = learner_client.get("/progress/transcript.csv").get_data(as_text=True)
        assert {row[4] for row in csv.reader(io.StringIO(body.lstrip("\ufeff")))} >= set(SWEDISH)
