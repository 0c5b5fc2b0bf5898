"""Course content an author could write never widens the phone page, and stays axe clean.

The stress course holds long Swedish compound words, long URLs and tokens, code, tables,
right-to-left text, emoji and raw HTML (tests/fixtures/stress-course).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lms.content.sync import sync_courses
from lms.extensions import db
from tests.browser.steps import course, live_modules, sign_in
from tests.browser.test_accessibility import NARROW, AxeScan, _reflow_problems

STRESS = Path(__file__).resolve().parents[1] / "fixtures" / "stress-course"


@pytest.fixture
def stress_course(app):
    shutil.copytree(STRESS, Path(app.config["COURSES_DIR"]) / "stress")
    report = sync_courses(db.session, Path(app.config["COURSES_DIR"]))
    db.session.commit()
    assert report.ok
    return course("stress")


@pytest.mark.parametrize("viewport", [NARROW, {"width": 375, "height": 812}])
def test_stress_module_fits_the_screen_and_passes_axe(open_page, learner, stress_course, viewport):
    module = live_modules(stress_course)[0]
    learner.first_language = "ar"  # glossary words also in Arabic, right to left
    db.session.commit()
    page = open_page(viewport=viewport)
    sign_in(page, "amina")
    page.goto(f"/courses/stress/{module.slug}")
    expect(page.get_by_role("region", name="Tabell 1")).to_be_visible()
    expect(page.locator('.translation[lang="ar"][dir="rtl"]').first).to_be_visible()

    assert _reflow_problems(page) == []
    scan = AxeScan()
    scan(page, "stress module")
    scan.assert_clean()


def test_code_box_scrolls_by_keyboard(open_page, learner, stress_course):
    module = live_modules(stress_course)[0]
    page = open_page(viewport=NARROW)
    sign_in(page, "amina")
    page.goto(f"/courses/stress/{module.slug}")

    box = page.get_by_role("region", name="Kodexempel 1")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    box.focus()
    expect(box).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
    # A word in a table cell is kept whole: the table scrolls instead.
    cell = page.get_by_role("cell", name="arbetsmiljöombudsutbildning", exact=True)
    assert cell.evaluate("td => td.getClientRects().length && td.scrollWidth <= td.clientWidth")
    line_height = cell.evaluate("td => parseFloat(getComputedStyle(td).lineHeight)")
    text_height = cell.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td);"
        " return r.getBoundingClientRect().height; }"
    )
    assert text_height < 1.5 * line_height  # one line: no break mid-word


def test_every_module_of_the_real_courses_fits_320_px_and_passes_axe(
    open_page, learner, real_courses
):
    page = open_page(viewport=NARROW)
    sign_in(page, "amina")
    scan = AxeScan()
    problems = []
    for slug in ("dette-ma-jeg-kunne", "introduktion-vard-och-omsorg"):
        for module in live_modules(course(slug)):
            page.goto(f"/courses/{slug}/{module.slug}")
            problems += _reflow_problems(page)
            scan(page, f"{slug}/{module.slug}")
    assert problems == []
    scan.assert_clean()
