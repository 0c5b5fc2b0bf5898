"""A care assistant on a phone: sign in, take a quiz, see progress, sign out."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.steps import (
    COURSE,
    answer_quiz,
    course,
    live_modules,
    sign_in,
    ui,
)


def _resume_name(action: str, title: str) -> re.Pattern:
    # The course title is visually hidden: Chromium names the link "Start : <title>".
    return re.compile(rf"^{re.escape(ui(action))}\s*:\s*{re.escape(title)}$")


def _title(page: Page):
    return page.get_by_role("heading", level=1)


def _result(page: Page):
    return page.locator("#result")


def test_learner_fails_then_passes_the_first_module_on_a_phone(open_page, learner, real_courses):
    c = course()
    first, second = live_modules(c)[:2]
    total = len(live_modules(c))
    page = open_page()

    sign_in(page, "amina")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.get_by_role("navigation", name=ui("Main")).get_by_role(
        "link", name=ui("My courses")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("My courses"))
    card = page.get_by_role("region", name=c.title)
    expect(card).to_contain_text(f"{ui('Modules passed')}: 0/{total}")

    card.get_by_role("link", name=_resume_name("Start", c.title)).click()
    expect(page).to_have_url(re.compile(rf"/courses/{COURSE}/{first.slug}$"))
    expect(_title(page)).to_have_text(first.title)

    answer_quiz(page, first, right=False)
    questions = len(first.quiz)
    expect(page).to_have_url(re.compile(r"\?attempt=\d+#result$"))
    result = _result(page)
    expect(result.get_by_role("status")).to_contain_text(
        ui(
            "You got %(correct)s of %(total)s right (%(score)s %%).",
            correct=0,
            total=questions,
            score=0,
        )
    )
    need = ui(
        "You need %(pass)s %% to pass. Read the explanations and try again.",
        **{"pass": first.pass_percent},  # `pass` is a keyword, so it goes in a dict
    )
    expect(result).to_contain_text(need)
    expect(result.get_by_text(ui("Not right"), exact=True)).to_have_count(questions)
    expect(result).not_to_contain_text(ui("You passed this module."))
    expect(page.get_by_role("link", name=re.compile(re.escape(ui("Next module"))))).to_have_count(0)

    page.get_by_role("link", name=ui("Try the quiz again")).click()
    answer_quiz(page, first, right=True)
    result = _result(page)
    expect(result.get_by_role("status")).to_contain_text(ui("You passed this module."))
    expect(result.get_by_text(ui("Right"), exact=True)).to_have_count(questions)
    next_link = result.get_by_role("link", name=f"{ui('Next module')}: {second.title}")
    expect(next_link).to_be_visible()

    page.get_by_role("link", name=ui("My courses")).first.click()
    card = page.get_by_role("region", name=c.title)
    expect(card).to_contain_text(f"{ui('Modules passed')}: 1/{total}")
    expect(card.get_by_role("progressbar")).to_have_attribute("value", "1")
    card.get_by_role("link", name=_resume_name("Continue", c.title)).click()
    expect(_title(page)).to_have_text(second.title)

    page.get_by_role("link", name=ui("My progress")).click()
    expect(page.get_by_role("row", name=re.compile(re.escape(first.title)))).to_be_visible()


def test_a_module_can_be_passed_without_javascript(open_page, learner, real_courses):
    c = course()
    module = live_modules(c)[1]
    page = open_page(java_script_enabled=False)

    sign_in(page, "amina")
    page.goto(f"/courses/{COURSE}/")
    page.get_by_role("link", name=module.title, exact=True).click()
    expect(_title(page)).to_have_text(module.title)

    answer_quiz(page, module, right=True)
    result = _result(page)
    expect(result.get_by_role("status")).to_contain_text(ui("You passed this module."))

    page.goto(f"/courses/{COURSE}/")
    row = page.locator("ul.modules li", has=page.get_by_role("link", name=module.title))
    expect(row).to_contain_text(ui("Passed"))


def test_sign_out_with_the_visible_button(open_page, learner, real_courses):
    page = open_page()
    sign_in(page, "amina")

    sign_out = page.get_by_role("button", name=ui("Sign out"))
    expect(sign_out).to_be_visible()
    with page.expect_request(lambda r: r.url.endswith("/logout")) as logout:
        sign_out.click()
    assert logout.value.method == "POST"
    assert "csrf_token=" in logout.value.post_data  # the real form's token, CSRF is on
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_have_text(ui("You are signed out."))

    page.goto("/courses")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_role("button", name=ui("Sign out"))).to_have_count(0)
