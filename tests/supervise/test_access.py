"""Access-control matrix: every supervisor page, export and action, tried by a supervisor
of another unit, by a learner and by nobody; foreign and huge ids never leak or fail."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from lms.extensions import db
from lms.models import Assignment, AuditEvent, Meeting, MeetingAttendance
from tests.conftest import login
from tests.supervise.conftest import add_learner, progress

HUGE = (2**31, 2**63, 10**30)


@pytest.fixture
def unit_b(app, make_user, tree, course):
    """Unit B's learner, meeting and assignment, kept by B's own supervisor."""
    make_user("bsjef", "supervisor", unit="Hjemmetjenesten", unit_role="supervisor")
    learner = make_user("bruno", "learner", display_name="Bruno Bortenfor", unit="Hjemmetjenesten")
    progress(learner, course, "a")
    meeting = Meeting(
        course_id=course.id,
        unit_id=tree["other"].id,
        title="Hemmelig møte B",
        held_on=date(2026, 11, 1),
    )
    db.session.add(meeting)
    db.session.flush()
    db.session.add(MeetingAttendance(meeting_id=meeting.id, user_id=learner.id))
    assignment = Assignment(course_id=course.id, unit_id=tree["other"].id)
    own = Assignment(course_id=course.id, user_id=learner.id)
    db.session.add_all([assignment, own])
    db.session.commit()
    return {
        "unit": tree["other"].id,
        "learner": learner.id,
        "meeting": meeting.id,
        "assignment": assignment.id,
        "own_assignment": own.id,
    }


def _requests(b) -> list[tuple[str, str, dict]]:
    """(method, url, form) for every supervisor route, aimed at unit B's things."""
    return [
        ("GET", f"/supervise/?unit={b['unit']}", {}),
        ("GET", f"/supervise/export.csv?unit={b['unit']}", {}),
        ("GET", f"/supervise/export.xlsx?unit={b['unit']}", {}),
        ("GET", f"/supervise/learners/{b['learner']}", {}),
        ("GET", f"/supervise/meetings/{b['meeting']}", {}),
        ("POST", f"/supervise/meetings/{b['meeting']}", {"held_on": "2026-11-05", "title": "X"}),
        ("POST", f"/supervise/assignments/{b['assignment']}/delete", {}),
        ("POST", f"/supervise/assignments/{b['own_assignment']}/delete", {}),
    ]


# Pages without an id in the path; their content must still be scoped (checked below).
LISTS = [
    "/supervise/",
    "/supervise/meetings/",
    "/supervise/meetings/new",
    "/supervise/assignments/",
]


def _text(response) -> str:
    """What a response says, also when it is a workbook."""
    if response.mimetype.endswith("sheet"):
        sheet = load_workbook(io.BytesIO(response.data)).active
        return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    return response.get_data(as_text=True)


def _call(client, method, url, data):
    return client.get(url) if method == "GET" else client.post(url, data=data)


def test_every_supervisor_route_is_in_the_matrix(app, unit_b):
    covered = {url.split("?")[0] for _m, url, _d in _requests(unit_b)} | set(LISTS)
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("supervise."):
            sample = (
                rule.rule.replace("<int:user_id>", str(unit_b["learner"]))
                .replace("<int:meeting_id>", str(unit_b["meeting"]))
                .replace("<int:assignment_id>", str(unit_b["assignment"]))
            )
            assert sample in covered, f"{rule.rule} is missing from the access matrix"


def test_a_supervisor_of_unit_a_never_reaches_unit_b(boss_client, unit_b, course, tree):
    for method, url, data in _requests(unit_b):
        response = _call(boss_client, method, url, data)
        assert response.status_code in (403, 404), (method, url, response.status_code)
    # Nothing of B changed, and nothing of B shows on A's own pages.
    assert db.session.get(Meeting, unit_b["meeting"]).title == "Hemmelig møte B"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 2
    for url in LISTS + ["/supervise/export.csv", "/supervise/export.xlsx"]:
        body = _text(boss_client.get(url))
        assert "Bruno" not in body and "Hemmelig" not in body, url
        assert f'value="{unit_b["unit"]}"' not in body, url
    # Posting B's unit or learner into A's forms writes nothing.
    boss_client.post(
        "/supervise/meetings/new",
        data={
            "held_on": "2026-11-05",
            "course": course.id,
            "title": "T",
            "unit": unit_b["unit"],
            "attendees": [unit_b["learner"]],
        },
    )
    boss_client.post(
        "/supervise/assignments/",
        data={"course": course.id, "unit": "None", "learners": [unit_b["learner"]]},
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 2
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action != "dashboard.export")
            .where(AuditEvent.action.not_like("auth.%"))  # the sign-ins of the setup
        )
        == 0
    )


def test_unit_bs_own_supervisor_does_reach_them(app, unit_b):
    client = app.test_client()
    login(client, "bsjef")
    for method, url, data in _requests(unit_b)[:5]:
        assert _call(client, method, url, data).status_code == 200, url


def test_a_learner_gets_403_everywhere(learner_client, unit_b):
    for method, url, data in (
        _requests(unit_b)
        + [("GET", u, {}) for u in LISTS]
        + [
            ("POST", "/supervise/meetings/new", {}),
            ("POST", "/supervise/assignments/", {}),
        ]
    ):
        assert _call(learner_client, method, url, data).status_code == 403, url


def test_nobody_signed_in_is_sent_to_sign_in(client, unit_b):
    for method, url, data in _requests(unit_b):
        response = _call(client, method, url, data)
        assert response.status_code == 302 and "/login" in response.location, url


@pytest.mark.parametrize("number", [0, *HUGE])
def test_foreign_and_huge_ids_are_simply_not_found(boss_client, unit_b, number):
    for url in (
        f"/supervise/learners/{number}",
        f"/supervise/meetings/{number}",
        f"/supervise/?unit={number}",
        f"/supervise/export.csv?unit={number}",
    ):
        assert boss_client.get(url).status_code == 404, url
    assert boss_client.post(f"/supervise/meetings/{number}", data={}).status_code == 404
    assert boss_client.post(f"/supervise/assignments/{number}/delete").status_code == 404
    assert boss_client.get(f"/supervise/learners/{number}").status_code == 404


def test_a_supervisor_is_never_shown_a_link_that_403s(boss_client, unit_b, tree, course):
    """Role-aware navigation: every link on every supervisor page opens for them."""
    add_learner("Lise Lær", tree["ward"], username="lise")
    db.session.commit()
    seen, todo = set(), ["/supervise/"]
    while todo:
        url = todo.pop()
        if url in seen or len(seen) > 60:
            continue
        seen.add(url)
        response = boss_client.get(url)
        assert response.status_code not in (403, 500), (url, response.status_code)
        if response.mimetype != "text/html" or not url.startswith("/supervise"):
            continue
        for href in re.findall(r'href="(/[^"#]*)"', response.get_data(as_text=True)):
            href = href.replace("&amp;", "&")
            if not href.startswith("/static/"):
                todo.append(href)
    assert "/courses" not in seen and "/admin/" not in seen  # learner and admin pages
    assert {"/supervise/meetings/", "/supervise/assignments/"} <= seen
