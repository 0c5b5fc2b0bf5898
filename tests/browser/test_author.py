"""The author area and the live preview in Chromium: what an author clicks, axe-clean."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from werkzeug.serving import make_server

from lms.author.preview_server import create_preview_app
from lms.extensions import db
from lms.models import ModuleProgress, QuizAttempt, ReflectionAnswer
from tests.browser.steps import COURSE, answer_quiz, course, live_modules, sign_in, ui
from tests.browser.test_accessibility import NARROW, AxeScan, _reflow_problems
from tests.conftest import REPO
from tests.helpers import module_md, write_course

BROKEN_YML = "id: utkast\ntitle: Utkast\nlanguage: nb\nsummary: Et kurs under arbeid.\n"


@pytest.fixture
def author(make_user):
    return make_user("forfatter", "author", display_name="Fia Forfatter")


def test_an_author_checks_previews_and_answers_without_a_trace(
    open_page, author, real_courses, courses_dir
):
    write_course(courses_dir, "utkast", {
        "course.yml": BROKEN_YML,
        "01-start.md": module_md("start", tier="gull", body="Dette er et utkast."),
    })  # fmt: skip
    module = live_modules(course())[0]
    axe = AxeScan()
    page = open_page()

    sign_in(page, "forfatter")
    page.get_by_role("link", name=ui("Courses for authors")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Courses for authors"))
    axe(page, "author area")

    page.get_by_role("link", name="Utkast").click()
    expect(page.get_by_text("unknown tier 'gull'").first).to_be_visible()
    axe(page, "course report with errors")
    page.get_by_role("link", name="Modul start").click()
    expect(page.get_by_text("Dette er et utkast.")).to_be_visible()
    expect(page.locator(".preview-problems")).to_contain_text("unknown tier 'gull'")
    axe(page, "preview of a failing course")

    page.goto(f"/author/courses/{COURSE}/{module.slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
    axe(page, "preview of a module")
    answer_quiz(page, module, right=False)
    expect(page.locator("#result")).to_be_visible()
    expect(page.locator("#result .explanation").first).to_be_visible()
    axe(page, "preview feedback")
    axe.assert_clean()

    db.session.expire_all()
    for model in (QuizAttempt, ModuleProgress, ReflectionAnswer):
        assert db.session.scalar(sa.select(sa.func.count(model.id))) == 0, model


@pytest.fixture
def preview_site(tmp_path) -> Iterator[tuple[str, object]]:
    root = tmp_path / "utkast"
    shutil.copytree(REPO / "courses", root)
    app = create_preview_app(root, PREVIEW_POLL_SECONDS=0.1, PREVIEW_STREAM_SECONDS=30)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_live_preview_reloads_when_a_file_is_saved(new_context, preview_site):
    url, root = preview_site
    context = new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    axe = AxeScan()
    try:
        page.goto(f"{url}/preview/")
        expect(page.get_by_role("heading", level=1)).to_have_text(ui("Preview"))
        axe(page, "live preview index")
        page.get_by_role("link", name="Rollen din").first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe(page, "live preview module")

        module_file = root / "dette-ma-jeg-kunne" / "01-rollen-din.md"
        text = module_file.read_text(encoding="utf-8")
        module_file.write_text(text.replace("tier: bas", "tier: gull"), encoding="utf-8")

        problems = page.locator(".preview-problems")
        expect(problems).to_contain_text("unknown tier 'gull'", timeout=20_000)
        axe(page, "live preview with a problem")
        axe.assert_clean()
    finally:
        context.close()


def test_author_pages_reflow_at_320_css_px(open_page, author, real_courses, courses_dir):
    write_course(courses_dir, "utkast", {
        "course.yml": BROKEN_YML,
        "01-start.md": module_md("start", tier="gull", body="Dette er et utkast."),
    })  # fmt: skip
    page = open_page(viewport=NARROW)
    sign_in(page, "forfatter")
    problems = []
    for path in ("/author/", f"/author/courses/{COURSE}/", "/author/courses/utkast/",
                 "/author/courses/utkast/start"):  # fmt: skip
        page.goto(path)
        problems += _reflow_problems(page)

    assert not problems, "\n".join(problems)
