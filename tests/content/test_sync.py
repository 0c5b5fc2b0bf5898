"""Course files → database: idempotent, progress-keeping, and safe when a course breaks."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.content.sync import SyncReport, sync_courses
from lms.extensions import db
from lms.models import Course, Module, ModuleProgress, QuizAttempt
from tests.content.course_files import QUIZ, module_source, write_course, write_files
from tests.helpers import pass_module, stored_module

DEMO_YML = """\
id: demo
title: Demo
language: nb
summary: A course for the tests.
version: "2026.1"
"""

OTHER_YML = """\
id: other
title: Other
language: sv
summary: Another course.
"""

GLOSSARY = "- term: avvik\n  explanation: Something that went wrong.\n"
SVG = "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>"


def intro_md(text: str = "Hello.") -> str:
    return module_source("intro", body=f"# Intro\n\n{text} An avvik.\n\n{QUIZ}")


@pytest.fixture
def demo(courses_dir: Path) -> Path:
    """Two courses on disk: demo (a quiz module and a read-only one) and other."""
    write_course(courses_dir, {"course.yml": OTHER_YML}, folder="other")
    return write_course(
        courses_dir,
        {
            "course.yml": DEMO_YML,
            "glossary.yml": GLOSSARY,
            "img/hands.svg": SVG,
            "01-intro.md": intro_md(),
            "02-second.md": module_source(
                "second", title="Second", body="# Second\n\n![x](img/hands.svg)\n"
            ),
        },
    )


def sync(root: Path) -> SyncReport:
    report = sync_courses(db.session, root)
    db.session.commit()
    return report


def table_rows(model) -> list[tuple]:
    """Every stored column of every row, as the database returns them."""
    table = model.__table__
    return [tuple(row) for row in db.session.execute(sa.select(table).order_by(table.c.id))]


def progress_rows() -> list[tuple]:
    return table_rows(ModuleProgress)


def statuses(page: str, course: str = "demo") -> dict[str, str]:
    """Module slug → status badge, as listed on the course page."""
    found = re.findall(
        rf'href="/courses/{course}/([a-z0-9-]+)"[^>]*>[^<]*</a>\s*<span><span class="badge '
        r'status-([a-z_]+)"',
        page,
    )
    return dict(found)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- idempotence -----------------------------------------------------------------------


def test_first_sync_adds_courses_and_modules_in_order(demo, courses_dir):
    report = sync(courses_dir)

    assert report.ok
    assert report.added == ["demo", "demo/intro", "demo/second", "other", "other/intro"]
    assert report.changed == report.archived == []
    course = db.session.scalar(sa.select(Course).where(Course.slug == "demo"))
    assert [(m.slug, m.position) for m in course.modules] == [("intro", 1), ("second", 2)]


def test_second_sync_reports_no_changes_and_leaves_rows_byte_identical(demo, courses_dir):
    sync(courses_dir)
    courses, modules = table_rows(Course), table_rows(Module)

    again = sync(courses_dir)

    assert again.ok
    assert again.added == again.changed == again.archived == []
    assert again.unchanged == ["demo", "other"]
    assert again.lines() == ["no changes"]
    assert table_rows(Course) == courses
    assert table_rows(Module) == modules


def test_rewriting_identical_files_changes_nothing(demo, courses_dir):
    sync(courses_dir)
    courses, modules = table_rows(Course), table_rows(Module)
    for path in demo.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())

    assert sync(courses_dir).lines() == ["no changes"]
    assert (table_rows(Course), table_rows(Module)) == (courses, modules)


def test_course_version_and_module_hashes_are_stored(demo, courses_dir):
    sync(courses_dir)

    course = db.session.scalar(sa.select(Course).where(Course.slug == "demo"))
    assert course.version == course.version_label == "2026.1"
    assert course.language == "nb" and course.folder == "demo"
    assert len(course.content_hash) == 64
    for stored in course.modules:
        assert stored.content_hash == sha256(courses_dir / stored.source_path)
    assert [m.source_path for m in course.modules] == ["demo/01-intro.md", "demo/02-second.md"]
    other = db.session.scalar(sa.select(Course).where(Course.slug == "other"))
    assert other.version is None and other.version_label == other.content_hash[:8]


def test_changing_an_asset_updates_the_course_but_not_its_modules(demo, courses_dir):
    sync(courses_dir)
    modules = table_rows(Module)
    old_hash = db.session.scalar(sa.select(Course.content_hash).where(Course.slug == "demo"))

    (demo / "img" / "hands.svg").write_text(SVG.replace("'1'", "'2'"))
    report = sync(courses_dir)

    assert report.changed == ["demo"]
    new_hash = db.session.scalar(sa.select(Course.content_hash).where(Course.slug == "demo"))
    assert new_hash != old_hash
    assert table_rows(Module) == modules


def test_sync_keeps_what_an_admin_set_on_the_course(demo, courses_dir):
    sync(courses_dir)
    course = db.session.scalar(sa.select(Course).where(Course.slug == "demo"))
    course.is_open = False
    db.session.commit()

    (demo / "course.yml").write_text(DEMO_YML.replace("2026.1", "2026.2"))
    assert sync(courses_dir).changed == ["demo"]

    assert course.version == "2026.2"
    assert course.is_open is False


# --- edits keep progress -----------------------------------------------------------------


def test_edited_module_is_updated_in_place_and_keeps_the_pass(demo, courses_dir, learner_client):
    sync(courses_dir)
    intro = stored_module("demo", "intro")
    module_id, old_hash, old_updated = intro.id, intro.content_hash, intro.updated_at
    pass_module(learner_client, intro)
    progress = progress_rows()
    attempts = table_rows(QuizAttempt)
    (row,) = db.session.scalars(sa.select(ModuleProgress))
    assert row.passed_content_hash == old_hash == sha256(demo / "01-intro.md")
    assert row.passed_course_version == "2026.1"
    assert attempts and all(
        a.content_hash == old_hash for a in db.session.scalars(sa.select(QuizAttempt))
    )

    (demo / "01-intro.md").write_text(intro_md("Rewritten text."))
    report = sync(courses_dir)

    assert report.changed == ["demo", "demo/intro"]
    intro = stored_module("demo", "intro")
    assert intro.id == module_id
    assert intro.content_hash == sha256(demo / "01-intro.md") != old_hash
    assert intro.updated_at > old_updated
    assert "Rewritten text." in intro.body_html
    assert progress_rows() == progress
    assert table_rows(QuizAttempt) == attempts
    assert db.session.scalar(sa.select(ModuleProgress.passed_content_hash)) == old_hash

    page = learner_client.get("/courses/demo/").get_data(as_text=True)
    assert statuses(page) == {"intro": "passed", "second": "not_started"}
    module_page = learner_client.get("/courses/demo/intro").get_data(as_text=True)
    assert "Rewritten text." in module_page
    assert 'class="result passed"' in module_page


def test_renamed_title_and_file_keep_the_module_and_its_progress(demo, courses_dir, learner_client):
    sync(courses_dir)
    second = stored_module("demo", "second")
    module_id = second.id
    pass_module(learner_client, second)
    progress = progress_rows()

    (demo / "02-second.md").rename(demo / "02-renamed.md")
    (demo / "02-renamed.md").write_text(
        module_source("second", title="A new title", body="# Second\n\nSame module.\n")
    )
    assert sync(courses_dir).changed == ["demo", "demo/second"]

    second = stored_module("demo", "second")
    assert (second.id, second.title) == (module_id, "A new title")
    assert second.source_path == "demo/02-renamed.md"
    assert progress_rows() == progress
    page = learner_client.get("/courses/demo/").get_data(as_text=True)
    assert "A new title" in page
    assert statuses(page)["second"] == "passed"


def test_removed_module_is_archived_with_its_progress_and_comes_back(
    demo, courses_dir, learner_client
):
    sync(courses_dir)
    second = stored_module("demo", "second")
    module_id = second.id
    pass_module(learner_client, second)
    learner_client.get("/courses/demo/intro")
    progress = progress_rows()
    source = (demo / "02-second.md").read_bytes()

    (demo / "02-second.md").unlink()
    report = sync(courses_dir)

    assert report.archived == ["demo/second"]
    assert report.changed == ["demo"]
    second = db.session.get(Module, module_id)
    assert second is not None and second.archived_at is not None
    assert progress_rows() == progress
    assert learner_client.get("/courses/demo/second").status_code == 404
    assert learner_client.post("/courses/demo/second/read").status_code == 404
    page = learner_client.get("/courses/demo/").get_data(as_text=True)
    assert "/courses/demo/second" not in page
    assert statuses(page) == {"intro": "started"}

    (demo / "02-second.md").write_bytes(source)
    report = sync(courses_dir)

    assert report.changed == ["demo", "demo/second"]
    second = db.session.get(Module, module_id)
    assert second.archived_at is None
    assert progress_rows() == progress
    assert learner_client.get("/courses/demo/second").status_code == 200
    page = learner_client.get("/courses/demo/").get_data(as_text=True)
    assert statuses(page) == {"intro": "started", "second": "passed"}


def test_removed_course_folder_is_archived_and_comes_back(demo, courses_dir, learner_client):
    sync(courses_dir)
    pass_module(learner_client, stored_module("demo", "second"))
    course_id = db.session.scalar(sa.select(Course.id).where(Course.slug == "demo"))
    modules, progress = table_rows(Module), progress_rows()
    saved = courses_dir.parent / "saved-demo"
    shutil.move(demo, saved)

    report = sync(courses_dir)

    assert report.archived == ["demo"]
    assert report.unchanged == ["other"]
    course = db.session.get(Course, course_id)
    assert course.archived_at is not None
    assert table_rows(Module) == modules  # kept, untouched
    assert progress_rows() == progress
    assert learner_client.get("/courses/demo/").status_code == 404
    assert learner_client.get("/courses/demo/second").status_code == 404
    assert "/courses/demo/" not in learner_client.get("/courses").get_data(as_text=True)

    shutil.move(saved, demo)
    report = sync(courses_dir)

    assert report.changed == ["demo"]
    assert db.session.get(Course, course_id).archived_at is None
    assert progress_rows() == progress
    assert statuses(learner_client.get("/courses/demo/").get_data(as_text=True))["second"] == (
        "passed"
    )


# --- a broken course keeps its last good version ------------------------------------------

BREAKAGES = {
    "course.yml YAML": ("course.yml", "id: demo\ntitle: Demo: broken\nlanguage: nb\n"),
    "module front matter": ("01-intro.md", module_source("intro", title="Intro: broken")),
    "missing image": ("01-intro.md", intro_md("![gone](img/gone.png)")),
    "module id taken": ("03-copy.md", module_source("intro")),
}


@pytest.mark.parametrize(("name", "text"), BREAKAGES.values(), ids=BREAKAGES.keys())
def test_broken_course_keeps_its_last_good_version_live(
    demo, courses_dir, app, learner_client, name, text
):
    sync(courses_dir)
    demo_id = db.session.scalar(sa.select(Course.id).where(Course.slug == "demo"))
    pass_module(learner_client, stored_module("demo", "second"))
    assert "Hello." in learner_client.get("/courses/demo/intro").get_data(as_text=True)
    courses = [row for row in table_rows(Course) if row[0] == demo_id]
    modules = [row for row in table_rows(Module) if row[1] == demo_id]
    progress = progress_rows()

    (demo / name).write_text(text)
    (demo / "02-second.md").unlink()  # would be archived if the course were valid
    (courses_dir / "other" / "01-intro.md").write_text(module_source(body="# Intro\n\nUpdated.\n"))
    write_course(courses_dir, {"course.yml": OTHER_YML.replace("other", "third")}, "third")
    result = app.test_cli_runner().invoke(args=["content", "sync"])

    assert result.exit_code == 1
    assert "invalid: demo" in result.stdout
    assert "changed (2): other, other/intro" in result.stdout
    assert "added (2): third, third/intro" in result.stdout
    assert [row for row in table_rows(Course) if row[0] == demo_id] == courses
    assert [row for row in table_rows(Module) if row[1] == demo_id] == modules
    assert progress_rows() == progress
    assert "Updated." in stored_module("other", "intro").body_html

    response = learner_client.get("/courses/demo/intro")
    assert response.status_code == 200
    assert "Hello." in response.get_data(as_text=True)
    page = learner_client.get("/courses/demo/").get_data(as_text=True)
    assert statuses(page) == {"intro": "started", "second": "passed"}


def test_course_that_was_never_valid_is_not_added(courses_dir):
    write_files(
        courses_dir / "broken", {"course.yml": "id: broken\n", "01-intro.md": module_source()}
    )

    report = sync(courses_dir)

    assert not report.ok
    assert [r.folder for r in report.invalid] == ["broken"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Course)) == 0


# --- what the stored rows follow -------------------------------------------------------------


def test_renamed_course_folder_serves_files_from_the_new_folder(demo, courses_dir, learner_client):
    sync(courses_dir)
    demo.rename(courses_dir / "demo-course")

    sync(courses_dir)

    course = db.session.scalar(sa.select(Course).where(Course.slug == "demo"))
    assert course.folder == "demo-course"
    assert [m.source_path for m in course.modules] == [
        "demo-course/01-intro.md",
        "demo-course/02-second.md",
    ]
    with learner_client.get("/courses/demo/_files/img/hands.svg") as response:
        assert response.status_code == 200
        assert response.get_data(as_text=True) == SVG


def test_a_new_renderer_reaches_courses_whose_files_did_not_change(demo, courses_dir, monkeypatch):
    # A sanitizer fix must take effect at the next sync, not when an author next edits.
    sync(courses_dir)
    import lms.content.load as parse

    render_block = parse.render_block
    monkeypatch.setattr(
        parse, "render_block", lambda *args: render_block(*args) + "<p>rendered again</p>"
    )

    report = sync(courses_dir)

    assert report.changed == ["demo", "demo/intro", "demo/second", "other", "other/intro"]
    assert all(
        m.body_html.endswith("<p>rendered again</p>") for m in db.session.scalars(sa.select(Module))
    )
