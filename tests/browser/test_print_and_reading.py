"""A printable module, and the reading settings at their largest on a narrow phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.steps import COURSE, course, live_modules, sign_in, ui
from tests.browser.test_accessibility import NARROW, AxeScan, _reflow_problems


def _quiz_module():
    return next(m for m in live_modules(course()) if m.quiz and m.reflections)


def test_printed_module_is_a_question_sheet_without_navigation(open_page, learner, real_courses):
    module = _quiz_module()
    page = open_page()
    sign_in(page, "amina")
    page.goto(f"/courses/{COURSE}/{module.slug}")
    page.emulate_media(media="print")

    for hidden in ("header.site", "footer.site", "nav", "button"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(len(module.quiz))
    for question in questions.all():
        expect(question).to_be_visible()
        expect(question.locator("input").first).to_be_visible()  # a box to tick on paper
    expect(page.locator("textarea").first).to_be_visible()  # room to write a reflection
    pdf = page.pdf(format="A4")  # Chromium lays the sheet out without error
    assert pdf.startswith(b"%PDF")


def test_largest_text_and_wide_spacing_reflow_at_320_px_and_pass_axe(
    open_page, learner, real_courses
):
    module = _quiz_module()
    page = open_page(viewport=NARROW)
    sign_in(page, "amina")
    page.goto(f"/account/reading?next=/courses/{COURSE}/{module.slug}")
    page.get_by_label(ui("Very large")).check()
    page.get_by_label(ui("More space between lines and words")).check()
    page.get_by_role("button", name=ui("Save"), exact=True).click()
    expect(page).to_have_url(re.compile(f"/courses/{COURSE}/{module.slug}$"))
    assert page.evaluate("document.documentElement.className") == "text-larger spacing-wide"
    page.wait_for_load_state("load")  # the stylesheet is applied before measuring
    page.wait_for_function("parseFloat(getComputedStyle(document.body).fontSize) >= 24")

    assert _reflow_problems(page) == []
    scan = AxeScan()
    scan(page, "module, very large text and wide spacing")
    page.goto("/account/reading")
    scan(page, "reading settings")
    assert _reflow_problems(page) == []
    scan.assert_clean()
