"""Which courses a learner sees: open ones, and closed ones assigned to them or their unit."""

from __future__ import annotations

import sqlalchemy as sa

from lms.content.sync import sync_courses
from lms.extensions import db
from lms.models import Assignment, Course, Unit
from tests.helpers import module_md, write_course


def _closed_course(courses_dir, slug: str) -> Course:
    write_course(
        courses_dir,
        slug,
        {
            "course.yml": f"id: {slug}\ntitle: Kurs {slug}\nlanguage: nb\nsummary: S.\n",
            "01-a.md": module_md("a"),
        },
    )
    sync_courses(db.session, courses_dir)
    course = db.session.scalar(sa.select(Course).where(Course.slug == slug))
    course.is_open = False
    db.session.commit()
    return course


def test_closed_course_is_hidden_until_assigned_to_the_unit(courses_dir, learner, learner_client):
    course = _closed_course(courses_dir, "lukket")
    assert "Kurs lukket" not in learner_client.get("/courses").get_data(as_text=True)
    assert learner_client.get("/courses/lukket/").status_code == 404
    assert learner_client.get("/courses/lukket/a").status_code == 404

    unit = db.session.scalar(sa.select(Unit).where(Unit.name == "Avdeling A"))
    db.session.add(Assignment(course_id=course.id, unit_id=unit.id))
    db.session.commit()
    assert "Kurs lukket" in learner_client.get("/courses").get_data(as_text=True)
    assert learner_client.get("/courses/lukket/a").status_code == 200


def test_closed_course_assigned_to_one_learner_only(
    app, courses_dir, learner, learner_client, make_user
):
    from tests.conftest import login

    course = _closed_course(courses_dir, "personlig")
    db.session.add(Assignment(course_id=course.id, user_id=learner.id))
    db.session.commit()
    assert learner_client.get("/courses/personlig/").status_code == 200
    make_user("ola", "learner", unit="Avdeling A")
    other = app.test_client()
    login(other, "ola")
    assert other.get("/courses/personlig/").status_code == 404
