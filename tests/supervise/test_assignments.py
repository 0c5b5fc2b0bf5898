"""Assigning a course to a unit (sub-units included) or to chosen learners; learners see
assigned courses first, with the due date."""

from __future__ import annotations

import re

import sqlalchemy as sa

from lms.content.sync import sync_courses
from lms.extensions import db
from lms.models import Assignment, AuditEvent, Course
from tests.conftest import login
from tests.helpers import module_md, write_course


def _closed_course(courses_dir, slug: str, title: str) -> Course:
    """A course learners see only when it is assigned to them."""
    write_course(
        courses_dir,
        slug,
        {
            "course.yml": f"id: {slug}\ntitle: {title}\nlanguage: nb\nsummary: S.\n",
            "01-a.md": module_md("a", "bas", quiz=False),
        },
    )
    sync_courses(db.session, courses_dir)
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    course.is_open = False  # the course files have no say in this yet
    db.session.commit()
    return course


def _course_titles(html: str) -> list[str]:
    return re.findall(r'<h2 id="course-\d+"[^>]*><a [^>]*>([^<]+)</a>', html)


def test_a_unit_assignment_reaches_its_sub_units_and_comes_first_with_its_due_date(
    app, boss_client, make_user, tree, course, courses_dir
):
    closed = _closed_course(courses_dir, "lukket", "Aaa lukket kurs")
    make_user("natt", "learner", unit="Post 1 natt")
    make_user("ute", "learner", unit="Hjemmetjenesten")
    response = boss_client.post(
        "/supervise/assignments/",
        data={
            "course": str(course.id),
            "target_tier": "fordjupning",
            "due_on": "2027-03-01",
            "unit": str(tree["home"].id),
        },
    )
    assert response.status_code == 302
    boss_client.post(
        "/supervise/assignments/",
        data={"course": str(closed.id), "unit": str(tree["ward"].id)},
    )
    row = db.session.scalar(sa.select(Assignment).where(Assignment.course_id == course.id))
    assert (row.unit_id, row.target_tier, row.due_date.isoformat()) == (
        tree["home"].id,
        "fordjupning",
        "2027-03-01",
    )

    night = app.test_client()
    login(night, "natt")
    html = night.get("/courses").get_data(as_text=True)
    assert _course_titles(html)[:2] == ["Kurs i omsorg", "Aaa lukket kurs"]  # due first
    assert "Tildelt deg" in html or "Assigned to you" in html
    assert "1. mars 2027" in html or "Mar 1, 2027" in html
    assert night.get("/courses/lukket/").status_code == 200  # from the ward above

    outside = app.test_client()
    login(outside, "ute")
    assert "Aaa lukket kurs" not in outside.get("/courses").get_data(as_text=True)
    assert outside.get("/courses/lukket/").status_code == 404
    not_sign_in = AuditEvent.action.not_like("auth.%")
    events = db.session.scalars(sa.select(AuditEvent).where(not_sign_in))
    assert {e.action for e in events} == {"assignment.save"}


def test_assign_to_chosen_learners_and_never_twice(boss_client, make_user, course):
    a = make_user("a1", "learner", unit="Post 1")
    b = make_user("b1", "learner", unit="Sykehjem")
    data = {"course": str(course.id), "unit": "None", "learners": [str(a.id), str(b.id)]}
    assert boss_client.post("/supervise/assignments/", data=data).status_code == 302
    data["due_on"] = "2027-01-01"
    assert boss_client.post("/supervise/assignments/", data=data).status_code == 302
    rows = db.session.scalars(sa.select(Assignment).order_by(Assignment.user_id)).all()
    assert [(r.user_id, r.due_date.isoformat()) for r in rows] == [
        (a.id, "2027-01-01"),
        (b.id, "2027-01-01"),
    ]
    page = boss_client.get("/supervise/assignments/").get_data(as_text=True)
    assert page.count("/delete") == 2


def test_a_unit_or_learners_must_be_chosen_and_only_ones_the_supervisor_sees(
    boss_client, make_user, course, tree
):
    outsider = make_user("ute", "learner", unit="Hjemmetjenesten")
    for data in (
        {"course": str(course.id), "unit": "None"},
        {"course": str(course.id), "unit": str(tree["other"].id)},
        {"course": str(course.id), "unit": "None", "learners": [str(outsider.id)]},
        {"course": "999999", "unit": str(tree["home"].id)},
    ):
        response = boss_client.post("/supervise/assignments/", data=data)
        assert response.status_code == 200, data
        assert 'class="error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 0


def test_removing_an_assignment(boss_client, course, tree):
    boss_client.post(
        "/supervise/assignments/", data={"course": str(course.id), "unit": str(tree["ward"].id)}
    )
    row = db.session.scalar(sa.select(Assignment))
    assert boss_client.post(f"/supervise/assignments/{row.id}/delete").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 0
