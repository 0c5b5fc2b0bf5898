"""Previewing modules from the files: as a learner sees them, and writing nothing."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from tests.conftest import login
from tests.helpers import module_md, write_course

COURSE_YML = """\
id: demo
title: Demokurs
language: nb
summary: Et kurs for testene.
"""


@pytest.fixture
def demo_course(courses_dir):
    return write_course(
        courses_dir,
        "demo",
        {
            "course.yml": COURSE_YML,
            "01-intro.md": module_md("intro", body="Les dette [neste](02-les.md)."),
            "02-les.md": module_md("les", quiz=False, body="Bare tekst."),
        },
    )


def row_counts() -> dict[str, int]:
    """The number of rows in every table of the schema."""
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_preview_shows_the_quiz_grades_answers_and_writes_no_row(author_client, demo_course):
    before = row_counts()

    page = author_client.get("/author/courses/demo/intro")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Modul intro" in html and "Hva er riktig?" in html
    assert 'action="/author/courses/demo/intro/quiz#quiz-feedback"' in html
    assert 'href="les"' in html  # the module link works inside the preview too

    wrong = author_client.post("/author/courses/demo/intro/quiz", data={"q1": "2", "q2": "1"})
    text = wrong.get_data(as_text=True)
    assert wrong.status_code == 200
    assert "0 of 2 right" in text or "0 av 2" in text
    assert "Fordi." in text  # the explanation is shown as feedback
    right = author_client.post(
        "/author/courses/demo/intro/quiz", data={"q1": "1", "q2": ["1", "2"]}
    )
    assert re.search(r"2 (of|av) 2", right.get_data(as_text=True))
    author_client.post("/author/courses/demo/les/read")
    author_client.post("/author/courses/demo/intro/reflections", data={"reflection-1": "x"})

    db.session.expire_all()
    assert row_counts() == before


def test_preview_asks_for_every_answer_and_refuses_a_forged_one(author_client, demo_course):
    missing = author_client.post("/author/courses/demo/intro/quiz", data={"q1": "1"})
    assert missing.status_code == 200
    assert 'role="alert"' in missing.get_data(as_text=True)

    forged = author_client.post("/author/courses/demo/intro/quiz", data={"q9": "1"})
    assert forged.status_code == 400


def test_a_course_that_fails_validation_is_previewed_with_its_errors(author_client, courses_dir):
    write_course(
        courses_dir,
        "broken",
        {
            "course.yml": COURSE_YML.replace("id: demo", "id: broken"),
            "01-a.md": module_md("a", tier="gull", body="Teksten er her."),
        },
    )

    page = author_client.get("/author/courses/broken/a")
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "Teksten er her." in html
    assert "unknown tier &#39;gull&#39;" in html
    assert "Problems in 01-a.md" in html or "01-a.md" in html
    report = author_client.get("/author/courses/broken/").get_data(as_text=True)
    assert "broken/01-a.md" in report and "gull" in report


def test_preview_serves_course_images_and_nothing_else(author_client, demo_course):
    (demo_course / "img").mkdir()
    (demo_course / "img" / "bilde.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")

    with author_client.get("/author/courses/demo/_files/img/bilde.svg") as image:
        assert image.status_code == 200
        assert image.mimetype == "image/svg+xml"
    assert author_client.get("/author/courses/demo/_files/course.yml").status_code == 404
    assert author_client.get("/author/courses/demo/_files/../../x").status_code == 404
    assert author_client.get("/author/courses/nothere/intro").status_code == 404
    assert author_client.get("/author/courses/demo/nothere").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("learner", 403), ("supervisor", 403)])
def test_only_authors_and_admins_open_the_author_area(app, make_user, demo_course, role, status):
    make_user("someone", role)
    client = app.test_client()
    login(client, "someone")
    assert client.get("/author/").status_code == status
    assert client.get("/author/courses/demo/intro").status_code == status


def test_admins_open_the_author_area(admin_client, demo_course):
    assert admin_client.get("/author/").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, demo_course):
    assert client.get("/author/courses/demo/intro").status_code == 302


def test_preview_keeps_the_answer_key_rule_a_learner_gets(author_client, demo_course):
    # A failed attempt shows explanations but not which options are right (after_pass);
    # a passed one shows the key, as it would for a learner.
    wrong = author_client.post("/author/courses/demo/intro/quiz", data={"q1": "2", "q2": "3"})
    right = author_client.post(
        "/author/courses/demo/intro/quiz", data={"q1": "1", "q2": ["1", "2"]}
    )

    assert '<strong class="verdict right">' not in wrong.get_data(as_text=True)
    assert "Fordi." in wrong.get_data(as_text=True)
    assert '<strong class="verdict right">' in right.get_data(as_text=True)


def test_the_preview_reports_the_same_errors_as_the_check(courses_dir):
    from lms.author.preview import load_preview
    from lms.content import load_course

    write_course(courses_dir, "broken", {
        "course.yml": COURSE_YML + "tiers:\n  spets:\n    modules: 3\n",
        "01-a.md": module_md("a", tier="gull", body="[x](nowhere.md)"),
        "02-b.md": module_md("a"),
    })  # fmt: skip

    preview = load_preview(courses_dir, "broken")
    expected = load_course(courses_dir / "broken", courses_dir).errors

    assert [str(p) for p in preview.errors] == [str(p) for p in expected]
    assert len(expected) >= 3
