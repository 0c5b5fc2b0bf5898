"""WCAG 2.1 A/AA with axe-core on every kind of page, and reflow at 320 CSS px."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.steps import (
    COURSE,
    answer_quiz,
    award_bas,
    course,
    live_modules,
    sign_in,
    ui,
)

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# WCAG 1.4.10 Reflow: 1280 px at 400 % zoom (or 640 px at 200 %) is 320 CSS px wide.
NARROW = {"width": 320, "height": 256}
TOUCH_TARGET_PX = 44


class AxeScan:
    """Runs axe on pages one after another and keeps a report per page with violations."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.reports: dict[str, str] = {}

    def __call__(self, page: Page, name: str) -> None:
        results = self.axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            self.reports[f"{name} ({page.url})"] = results.generate_report()

    def assert_clean(self) -> None:
        assert not self.reports, "\n\n".join(f"== {k}\n{v}" for k, v in self.reports.items())


@pytest.fixture
def axe_scan() -> AxeScan:
    return AxeScan()


def test_learner_pages_have_no_wcag_violations(open_page, learner, real_courses, axe_scan):
    module = live_modules(course())[0]
    page = open_page()

    page.goto("/login")
    axe_scan(page, "login")
    sign_in(page, "amina")
    axe_scan(page, "my courses")
    page.goto(f"/courses/{COURSE}/")
    axe_scan(page, "course")
    page.goto(f"/courses/{COURSE}/{module.slug}")
    axe_scan(page, "module with a quiz")
    answer_quiz(page, module, right=False)
    expect(page.locator("#result")).to_be_visible()
    axe_scan(page, "quiz result, not passed")
    page.goto(f"/courses/{COURSE}/{module.slug}#quiz")
    answer_quiz(page, module, right=True)
    expect(page.locator("#result")).to_be_visible()
    axe_scan(page, "quiz result, passed")

    award = award_bas("amina")
    page.goto("/progress")
    axe_scan(page, "my progress, with a level reached")
    page.goto(f"/verify/{award.verification_code}")
    axe_scan(page, "verify a certificate")

    axe_scan.assert_clean()


def test_supervisor_and_admin_pages_have_no_wcag_violations(
    open_page, make_user, learner, real_courses, axe_scan
):
    award_bas("amina")
    make_user("kari", "supervisor", unit="Avdeling A", unit_role="supervisor")
    make_user("root", "admin", display_name="Ada Admin")

    supervisor = open_page(viewport={"width": 1280, "height": 800})
    sign_in(supervisor, "kari")
    supervisor.goto("/supervise/")
    expect(supervisor.get_by_role("region", name="Avdeling A")).to_contain_text("Amina Hassan")
    axe_scan(supervisor, "supervisor: my units")

    admin = open_page(viewport={"width": 1280, "height": 800})
    sign_in(admin, "root")
    admin.goto("/admin/users")
    expect(admin.get_by_role("table")).to_contain_text("amina")
    axe_scan(admin, "admin: people")

    axe_scan.assert_clean()


def _reflow_problems(page: Page) -> list[str]:
    """Horizontal scrolling, and buttons or answer labels under 44 px tall."""
    problems = []
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width > inner_width:
        problems.append(f"{page.url}: scrolls sideways ({scroll_width} > {inner_width} px)")
    small = page.evaluate(
        """min => [...document.querySelectorAll('button, a.button, .option label')]
            .filter(el => el.getClientRects().length)
            .map(el => [el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40),
                        el.getBoundingClientRect().height])
            .filter(([, height]) => height < min)""",
        TOUCH_TARGET_PX,
    )
    problems += [f"{page.url}: {text!r} is {height:.0f} px tall" for text, height in small]
    return problems


def test_module_page_reflows_at_320_css_px(open_page, learner, real_courses):
    module = live_modules(course())[0]
    page = open_page(viewport=NARROW)
    sign_in(page, "amina")

    page.goto(f"/courses/{COURSE}/{module.slug}")
    expect(page.locator("#quiz")).to_be_visible()
    problems = _reflow_problems(page)
    answer_quiz(page, module, right=False)
    expect(page.locator("#result")).to_be_visible()
    problems += _reflow_problems(page)

    assert not problems, "\n".join(problems)


def test_progress_table_scrolls_in_its_own_box_at_320_css_px(open_page, learner, real_courses):
    award_bas("amina")
    page = open_page(viewport=NARROW)
    sign_in(page, "amina")

    page.goto("/progress")
    table_box = page.get_by_role("region", name=f"{course().title} {ui('Modules passed')}")
    expect(table_box.get_by_role("table")).to_be_visible()
    assert _reflow_problems(page) == []
    if table_box.evaluate("box => box.scrollWidth > box.clientWidth"):
        table_box.focus()  # a keyboard user tabs to the box and scrolls with the arrows
        page.keyboard.press("ArrowRight")
        expect(table_box).to_be_focused()
        page.wait_for_function("box => box.scrollLeft > 0", arg=table_box.element_handle())
