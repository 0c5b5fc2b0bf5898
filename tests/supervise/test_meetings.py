"""A meeting recorded through the page counts toward tiers at once, with award, certificate
and a notice the learner sees once; editing attendance never takes an award back."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditEvent, Meeting, MeetingAttendance, Notice, TierAward
from tests.conftest import login
from tests.helpers import pass_module, stored_module


@pytest.fixture
def lise(app, make_user, tree, course):
    """A learner in Post 1 who passed every module: bas reached, fordjupning needs a meeting."""
    user = make_user("lise", "learner", display_name="Lise Lær", unit="Post 1")
    client = app.test_client()
    assert login(client, "lise").status_code == 302
    for slug in "abcd":
        pass_module(client, stored_module("kurs", slug))
    assert set(db.session.scalars(sa.select(TierAward.tier))) == {"bas"}
    return user


def _tiers(user) -> set[str]:
    return set(db.session.scalars(sa.select(TierAward.tier).where(TierAward.user_id == user.id)))


def _record(client, course, unit, attendees, title="Verdighet i stell"):
    return client.post(
        "/supervise/meetings/new",
        data={
            "held_on": "2026-11-02",
            "course": str(course.id),
            "title": title,
            "unit": str(unit.id),
            "attendees": [str(a.id) for a in attendees],
        },
    )


def test_a_meeting_lifts_a_learner_to_the_next_tier_with_award_and_certificate(
    app, boss_client, lise, course, tree
):
    form = boss_client.get("/supervise/meetings/new").get_data(as_text=True)
    assert f'name="attendees" value="{lise.id}"' in form

    response = _record(boss_client, course, tree["ward"], [lise])
    assert response.status_code == 302
    meeting = db.session.scalar(sa.select(Meeting))
    assert (meeting.title, meeting.held_on, meeting.unit_id) == (
        "Verdighet i stell",
        date(2026, 11, 2),
        tree["ward"].id,
    )
    assert _tiers(lise) == {"bas", "fordjupning"}
    page = boss_client.get(response.location).get_data(as_text=True)
    assert "Lise Lær" in page and "Fordypning" in page  # the supervisor is told too
    not_sign_in = AuditEvent.action.not_like("auth.%")
    assert db.session.scalar(sa.select(AuditEvent.action).where(not_sign_in)) == "meeting.create"

    award = db.session.scalar(sa.select(TierAward).where(TierAward.tier == "fordjupning"))
    learner = app.test_client()
    login(learner, "lise")
    first = learner.get("/courses").get_data(as_text=True)
    assert "Fordypning" in first and "Kurs i omsorg" in first and "flash-success" in first
    assert "flash-success" not in learner.get("/courses").get_data(as_text=True)  # once
    assert db.session.scalar(sa.select(Notice.shown_at)) is not None
    pdf = learner.get(f"/awards/{award.verification_code}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Verdighet i stell" in learner.get("/progress").get_data(as_text=True)


def test_editing_attendance_never_revokes_an_award(boss_client, lise, course, tree):
    _record(boss_client, course, tree["ward"], [lise])
    meeting = db.session.scalar(sa.select(Meeting))
    assert f'value="{lise.id}" checked' in boss_client.get(
        f"/supervise/meetings/{meeting.id}"
    ).get_data(as_text=True)

    response = boss_client.post(
        f"/supervise/meetings/{meeting.id}",
        data={"held_on": "2026-11-03", "title": "Verdighet, del 2", "attendees": []},
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingAttendance)) == 0
    db.session.refresh(meeting)
    assert (meeting.title, meeting.held_on) == ("Verdighet, del 2", date(2026, 11, 3))
    award = db.session.scalar(sa.select(TierAward).where(TierAward.tier == "fordjupning"))
    assert award is not None and award.revoked_at is None
    assert _tiers(lise) == {"bas", "fordjupning"}


def test_attendees_come_only_from_the_supervisors_units(app, boss_client, make_user, course, tree):
    outsider = make_user("ute", "learner", unit="Hjemmetjenesten")
    response = _record(boss_client, course, tree["ward"], [outsider])
    assert response.status_code == 200  # the form again, with a message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0
    foreign_unit = _record(boss_client, course, tree["other"], [])
    assert foreign_unit.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_a_bad_meeting_form_says_what_is_wrong_and_keeps_the_input(boss_client, lise, course, tree):
    response = boss_client.post(
        "/supervise/meetings/new",
        data={
            "held_on": "not a date",
            "course": str(course.id),
            "title": "",
            "unit": str(tree["ward"].id),
            "attendees": [str(lise.id)],
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('class="error"') >= 2
    assert f'value="{lise.id}" checked' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0
