"""A sync parses only the course folders that changed since the last one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import lms.content.load as parse
from lms.models import Course
from tests.content.course_files import QUIZ, module_source, write_course
from tests.content.test_sync import DEMO_YML, OTHER_YML, sync


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Folder names the parser loads, in order."""
    seen: list[str] = []
    load = parse._load_course

    def counting(course_dir, root):
        seen.append(course_dir.name)
        return load(course_dir, root)

    monkeypatch.setattr(parse, "_load_course", counting)
    return seen


@pytest.fixture
def two_courses(courses_dir):
    write_course(courses_dir, {"course.yml": OTHER_YML}, folder="other")
    write_course(
        courses_dir,
        {"course.yml": DEMO_YML, "01-intro.md": module_source("intro", body=f"# Intro\n\n{QUIZ}")},
        folder="demo",
    )
    return courses_dir


def test_unchanged_folders_are_not_parsed_again(two_courses, parsed):
    sync(two_courses)
    assert parsed == ["demo", "other"]

    report = sync(two_courses)

    assert parsed == ["demo", "other"]
    assert report.lines() == ["no changes"]
    assert sorted(report.unchanged) == ["demo", "other"]


def test_an_edited_folder_alone_is_parsed_and_updated(two_courses, parsed):
    sync(two_courses)
    intro = two_courses / "demo" / "01-intro.md"
    intro.write_text(intro.read_text().replace("# Intro", "# Intro\n\nNew words."))

    report = sync(two_courses)

    assert parsed == ["demo", "other", "demo"]
    assert report.changed == ["demo", "demo/intro"]


def test_a_new_folder_reusing_an_unchanged_id_is_still_refused(two_courses, parsed):
    sync(two_courses)
    write_course(two_courses, {"course.yml": DEMO_YML}, folder="zz-copy")

    report = sync(two_courses)

    assert [r.folder for r in report.invalid] == ["zz-copy"]
    assert any("demo" in str(p) for r in report.invalid for p in r.problems)


def test_a_course_synced_before_fingerprints_is_parsed_once_more(app, two_courses, parsed):
    from lms.extensions import db

    sync(two_courses)
    for course in db.session.scalars(sa.select(Course)):
        course.source_fingerprint = None
    db.session.commit()

    assert sync(two_courses).lines() == ["no changes"]
    assert parsed == ["demo", "other", "demo", "other"]
