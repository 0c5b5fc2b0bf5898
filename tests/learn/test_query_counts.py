"""Pages keep a flat number of queries as courses, modules and progress grow."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from lms.content.sync import sync_courses
from lms.extensions import db
from tests.helpers import module_md, pass_module, stored_module, write_course


@contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def _make_courses(courses_dir, n_courses: int, n_modules: int) -> None:
    for c in range(n_courses):
        files = {"course.yml": f"id: c{c}\ntitle: Kurs {c}\nlanguage: nb\nsummary: S.\n"}
        for m in range(n_modules):
            tier = ("bas", "fordjupning", "spets")[m % 3]
            files[f"{m:02d}-m{m}.md"] = module_md(f"m{m}", tier, order=m + 1)
        write_course(courses_dir, f"c{c}", files)
    sync_courses(db.session, courses_dir)
    db.session.commit()


def _queries(client, url: str) -> int:
    client.get(url)  # warm up: first-request work is not what we measure
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/courses", "/progress", "/courses/c0/", "/courses/c0/m0"])
def test_query_count_does_not_grow_with_content(app, courses_dir, learner_client, url):
    _make_courses(courses_dir, 2, 3)
    pass_module(learner_client, stored_module("c0", "m0"))
    small = _queries(learner_client, url)

    _make_courses(courses_dir, 6, 12)
    for slug in ("m1", "m2", "m3", "m4"):
        pass_module(learner_client, stored_module("c0", slug))
    pass_module(learner_client, stored_module("c1", "m0"))
    large = _queries(learner_client, url)
    assert large == small, f"{url}: {small} queries with little data, {large} with more"
