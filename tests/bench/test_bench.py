"""The bench's own pieces at a tiny size, so `make bench` cannot rot unnoticed.

No timing here: the seeding, every measured page (through the Flask test client, as
the bench's in-process half does) and the content-sync step run once and are checked.
"""

from __future__ import annotations

import os
import shutil

import pytest
import sqlalchemy as sa

from bench import inprocess
from bench.pages import DASHBOARD_ORG_URL, DASHBOARD_UNIT_URL, measured_pages
from lms.extensions import db
from lms.models import Module, ModuleProgress, TierAward, User
from tests.conftest import REPO


@pytest.fixture(scope="module")
def bench_app(tmp_path_factory):
    """One app and database for the module: seeding is the slow part."""
    tmp_path = tmp_path_factory.mktemp("bench")
    shutil.copytree(REPO / "courses", tmp_path / "courses")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'bench.sqlite'}"
    app = inprocess.bench_app(url, "test-bench-secret-key-0123456789", tmp_path / "courses")
    yield app
    with app.app_context():
        db.session.remove()
        meta = sa.MetaData()
        meta.reflect(db.engine)
        meta.drop_all(db.engine)
        db.engine.dispose()


@pytest.fixture(scope="module")
def seeded(bench_app):
    return inprocess.prepare(bench_app, learners=60)


def test_seeding_makes_a_realistic_organisation(bench_app, seeded):
    assert seeded.counts["units"] == 40
    with bench_app.app_context():
        learners = db.session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.username.like("learner%"))
        )
        progress = db.session.scalar(sa.select(sa.func.count()).select_from(ModuleProgress))
        awards = db.session.scalar(sa.select(sa.func.count()).select_from(TierAward))
        modules = db.session.scalar(
            sa.select(sa.func.count()).select_from(Module).where(Module.archived_at.is_(None))
        )
    assert learners == 60
    # About 60 % of the real courses' modules per learner; a generous band for 60 learners.
    assert 0.4 * 60 * modules < progress < 0.8 * 60 * modules
    assert awards == seeded.counts["awards"] > 0


def test_module_page_weighs_at_most_30_kb_with_its_css_and_js(bench_app, seeded):
    sizes = inprocess.page_bytes(bench_app, seeded)

    assert "/static/style.css" in sizes
    assert sizes["total"] == sum(v for k, v in sizes.items() if k != "total")
    assert sizes["total"] <= 30 * 1024, sizes


def test_dashboard_urls_are_pages_of_the_app(bench_app):
    rules = {rule.rule for rule in bench_app.url_map.iter_rules()}
    for url in (DASHBOARD_UNIT_URL, DASHBOARD_ORG_URL):
        assert url.split("?")[0].replace("{unit_id}", "<int:unit_id>") in rules


# The last two change the database: every test above uses the seeded one.


def test_every_measured_page_answers_with_a_flat_query_count(bench_app, seeded):
    large = inprocess.visit_all(bench_app, seeded)
    small = inprocess.visit_all(bench_app, inprocess.prepare(bench_app, learners=10))

    with bench_app.app_context():
        names = [p.name for p in measured_pages(db.session, seeded, bench_app)]
    assert set(large) == {*names, "quiz_submit"}
    assert {name: page["status"] for name, page in large.items()} == {
        **{name: 200 for name in names},
        "quiz_submit": 302,
    }
    assert {n: p["queries"] for n, p in small.items()} == {
        n: p["queries"] for n, p in large.items()
    }
    assert large["static"]["queries"] == 0


def test_content_sync_step_adds_then_finds_nothing_to_change(bench_app, tmp_path):
    timing = inprocess.sync_timing(bench_app, tmp_path / "generated", courses=2, modules=6)

    assert timing["modules"] == 12
    assert timing["output"][0].startswith("added")
    assert timing["output"][1] == "no changes"
