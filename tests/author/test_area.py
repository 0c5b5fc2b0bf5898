"""The author area: each course's report, last sync, version and what that sync changed."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from lms.content.sync import sync_courses
from lms.extensions import db
from lms.models import SyncLog
from tests.helpers import module_md as md
from tests.helpers import pass_module, stored_module, write_course

COURSE_YML = 'id: demo\ntitle: Demokurs\nlanguage: nb\nsummary: Et kurs.\nversion: "{v}"\n'


def sync() -> None:
    sync_courses(db.session, Path(current_app.config["COURSES_DIR"]))
    db.session.commit()


def test_each_sync_logs_what_changed_and_the_passes_kept(courses_dir, make_user, app):
    write_course(courses_dir, "demo", {
        "course.yml": COURSE_YML.format(v="1"),
        "01-a.md": md("a"), "02-b.md": md("b"), "03-c.md": md("c"),
    })  # fmt: skip
    sync()
    make_user("amina", "learner")
    client = app.test_client()
    client.post("/login", data={"username": "amina", "password": "correct horse battery"})
    for slug in ("a", "b", "c"):
        pass_module(client, stored_module("demo", slug))

    (courses_dir / "demo" / "01-a.md").write_text(md("a", body="Ny tekst."))
    (courses_dir / "demo" / "03-c.md").unlink()
    (courses_dir / "demo" / "04-d.md").write_text(md("d"))
    (courses_dir / "demo" / "course.yml").write_text(COURSE_YML.format(v="2"))
    sync()
    sync()

    first, second, third = db.session.scalars(sa.select(SyncLog).order_by(SyncLog.id)).all()
    assert (first.added, first.version, first.passes_kept) == (["a", "b", "c"], "1", 0)
    assert (second.added, second.changed, second.archived) == (["d"], ["a"], ["c"])
    assert (second.version, second.passes_kept, second.source) == ("2", 2, "cli")
    assert third.unchanged and third.ok


def test_an_invalid_course_is_logged_with_its_errors(courses_dir):
    write_course(courses_dir, "demo", {"course.yml": COURSE_YML.format(v="1"), "01-a.md": md("a")})
    sync()
    (courses_dir / "demo" / "01-a.md").write_text(md("a", tier="gull"))
    sync()

    last = db.session.scalar(sa.select(SyncLog).order_by(SyncLog.id.desc()).limit(1))
    assert last.ok is False and last.course_slug == "demo"
    assert last.errors == [
        "demo/01-a.md:4: unknown tier 'gull' (expected bas, fordjupning or spets)"
    ]


def test_the_area_lists_every_course_with_report_version_and_last_sync(
    author_client,
    courses_dir,
):
    write_course(courses_dir, "demo", {"course.yml": COURSE_YML.format(v="1"), "01-a.md": md("a")})
    sync()
    write_course(courses_dir, "utkast", {
        "course.yml": COURSE_YML.format(v="0").replace("id: demo", "id: utkast"),
        "01-a.md": md("a", tier="gull"),
    })  # fmt: skip

    html = author_client.get("/author/").get_data(as_text=True)

    assert "Demokurs" in html and 'href="/author/courses/demo/"' in html
    assert "Passes the check" in html or "Går gjennom sjekken" in html
    assert "added: 1" in html or "lagt til: 1" in html
    assert 'href="/author/courses/utkast/"' in html
    assert "1 error" in html or "1 feil" in html

    page = author_client.get("/author/courses/demo/").get_data(as_text=True)
    assert 'href="/author/courses/demo/a"' in page
    assert "a" in page and "cli" in page


def test_the_nav_shows_the_author_area_to_authors(author_client):
    html = author_client.get("/author/").get_data(as_text=True)
    assert 'href="/author/" aria-current="page"' in html
