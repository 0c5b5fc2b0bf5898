"""What a learner sees after a quiz in the browser: the key only once passed."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.steps import answer_quiz, course, live_modules, sign_in, ui


def test_a_failed_quiz_explains_without_the_key_and_a_pass_shows_it(
    open_page, learner, real_courses
):
    first = live_modules(course())[0]
    questions = len(first.quiz)
    page = open_page()
    sign_in(page, "amina")
    page.goto(f"/courses/{first.course.slug}/{first.slug}")

    answer_quiz(page, first, right=False)
    result = page.locator("#result")
    expect(result.get_by_text(ui("Not right"), exact=True)).to_have_count(questions)
    expect(result.locator(".explanation")).to_have_count(
        sum(1 for q in first.quiz if q["explanation_html"])
    )
    expect(result.locator("strong.verdict.right")).to_have_count(0)
    expect(result).to_contain_text(
        ui("The right answers are shown when you have passed the module.")
    )

    page.get_by_role("link", name=ui("Try the quiz again")).click()
    answer_quiz(page, first, right=True)
    result = page.locator("#result")
    correct = sum(o["correct"] for q in first.quiz for o in q["options"])
    expect(result.locator("strong.verdict.right")).to_have_count(correct)
    expect(result).not_to_contain_text(
        ui("The right answers are shown when you have passed the module.")
    )
