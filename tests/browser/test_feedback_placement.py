"""Feedback where the eye is, on a 375 px phone: each message opens inside the viewport.

An empty quiz submit lands on the error, with each unanswered question marked; "level
reached" shows in the quiz result and "reflection saved" beside the reflection form.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from lms.extensions import db
from lms.models import ModuleProgress, User, utcnow
from tests.browser.steps import COURSE, answer_quiz, course, live_modules, sign_in, ui
from tests.browser.test_accessibility import AxeScan

PHONE_375 = {"width": 375, "height": 812}


def _in_viewport(page: Page, selector: str) -> dict:
    """The element's box, asserted to lie wholly inside the visible part of the page."""
    box = page.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                   return {top: r.top, bottom: r.bottom, height: innerHeight}; }""",
        selector,
    )
    assert box["top"] >= 0 and box["bottom"] <= box["height"], (selector, box)
    return box


def _pass_in_db(username: str, modules) -> None:
    """Record these modules as passed, as if the learner had answered them earlier."""
    user = db.session.scalar(sa.select(User).where(User.username == username))
    for module in modules:
        db.session.add(
            ModuleProgress(
                user_id=user.id,
                module_id=module.id,
                attempts=1,
                best_score=100,
                passed_at=utcnow(),
                passed_content_hash=module.content_hash,
                passed_course_version=module.course.version_label,
            )
        )
    db.session.commit()


def test_empty_quiz_submit_lands_on_the_error_with_each_missing_question_marked(
    open_page, learner, real_courses
):
    module = next(m for m in live_modules(course()) if len(m.quiz) >= 3)
    page = open_page(viewport=PHONE_375)
    sign_in(page, "amina")
    page.goto(f"/courses/{COURSE}/{module.slug}")
    first = module.quiz[0]
    first_option = first["options"][0]["key"]
    page.locator(f"#q{first['key']}-{first_option}").check()
    page.get_by_role("button", name=ui("Check my answers")).click()

    expect(page).to_have_url(re.compile(r"/quiz#quiz-feedback$"))
    summary = page.locator("#quiz-feedback")
    expect(summary).to_be_visible()
    _in_viewport(page, "#quiz-feedback")
    # Focus is on the summary too (the anchor's target, focusable by tabindex), no script.
    assert page.evaluate("document.activeElement.id") == "quiz-feedback"
    missing = [q["key"] for q in module.quiz[1:]]
    for key in missing:
        fieldset = page.locator(f"#question-{key}")
        expect(fieldset).to_have_class(re.compile(r"\bunanswered\b"))
        expect(fieldset).to_contain_text(ui("You have not answered this question."))
        expect(summary.get_by_role("link", name=ui("Question %(num)s", num=key))).to_be_visible()
    expect(page.locator(f"#question-{first['key']}")).not_to_have_class(re.compile("unanswered"))
    expect(page.locator(f"#q{first['key']}-{first_option}")).to_be_checked()  # nothing lost

    # A link in the summary takes the learner to the question.
    summary.get_by_role("link", name=ui("Question %(num)s", num=missing[0])).click()
    _in_viewport(page, f"#question-{missing[0]} legend")
    scan = AxeScan()
    scan(page, "quiz with unanswered questions")
    scan.assert_clean()


def test_level_reached_shows_in_the_result_inside_the_viewport(open_page, learner, real_courses):
    bas = [m for m in live_modules(course()) if m.tier == "bas"]
    last = next(m for m in reversed(bas) if m.quiz)
    _pass_in_db("amina", [m for m in bas if m.id != last.id])
    page = open_page(viewport=PHONE_375)
    sign_in(page, "amina")
    page.goto(f"/courses/{COURSE}/{last.slug}")
    answer_quiz(page, last, right=True)

    expect(page).to_have_url(re.compile(r"#result$"))
    reached = page.locator(".level-reached")
    expect(reached).to_contain_text("Bas")
    _in_viewport(page, ".level-reached")
    assert page.evaluate("document.activeElement.id") == "result"
    expect(page.locator(".flashes")).to_have_count(0)  # not also at the top, out of sight
    reached.get_by_role("link", name=ui("See your certificate")).click()
    expect(page.locator("#proof-h")).to_be_visible()


def test_reflection_saved_shows_beside_the_form_inside_the_viewport(
    open_page, learner, real_courses
):
    module = next(m for m in live_modules(course()) if m.reflections)
    page = open_page(viewport=PHONE_375)
    sign_in(page, "amina")
    page.goto(f"/courses/{COURSE}/{module.slug}")
    page.locator(f"#reflection-{module.reflections[0]['key']}").fill("Jeg spurte en kollega.")
    page.get_by_role("button", name=ui("Save reflection")).click()

    expect(page).to_have_url(re.compile(r"#reflections$"))
    saved = page.locator("#reflections-saved")
    expect(saved).to_have_text(ui("Your reflection is saved. Only you can see it."))
    _in_viewport(page, "#reflections-saved")
    assert page.evaluate("document.activeElement.id") == "reflections"
    expect(page.locator(".flashes")).to_have_count(0)


def test_without_javascript_the_empty_submit_still_lands_on_the_error(
    open_page, learner, real_courses
):
    module = next(m for m in live_modules(course()) if m.quiz)
    page = open_page(viewport=PHONE_375, java_script_enabled=False)
    sign_in(page, "amina")
    page.goto(f"/courses/{COURSE}/{module.slug}")
    page.get_by_role("button", name=ui("Check my answers")).click()

    expect(page).to_have_url(re.compile(r"/quiz#quiz-feedback$"))
    expect(page.locator("#quiz-feedback:target")).to_be_visible()
    expect(page.locator("#quiz-feedback")).to_be_in_viewport()
    expect(page.locator("fieldset.unanswered")).to_have_count(len(module.quiz))
