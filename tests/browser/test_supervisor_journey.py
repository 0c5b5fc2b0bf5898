"""A supervisor in Chromium: filters the dashboard, opens a learner, downloads the CSV,
records a meeting and sees the learner's level change; every page passes axe, reflows
at 320 px and works with the keyboard alone."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from lms.extensions import db
from lms.models import TierAward, User
from lms.tiers.awards import award_reached_tiers
from tests.browser.steps import sign_in, ui
from tests.browser.test_accessibility import NARROW, AxeScan, _reflow_problems
from tests.supervise.conftest import add_learner, build_course, build_tree, progress

WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def unit_a(app, org, make_user, courses_dir):
    """Lise has every module (bas reached; fordjupning needs a meeting); Nina has not
    started; Frida is in another supervisor's unit."""
    units = build_tree(org)
    course = build_course(courses_dir)
    make_user("boss", "supervisor", unit="Sykehjem", unit_role="supervisor")
    lise = add_learner("Lise Lær", units["ward"], username="lise")
    add_learner("Nina Natt", units["night"], username="nina")
    add_learner("Frida Fremmed", units["other"], username="frida")
    progress(lise, course, "abcd", days_ago=2)
    db.session.flush()
    award_reached_tiers(db.session, lise, course, "Testkommune")
    db.session.commit()
    return {"units": units, "course": course, "lise": lise}


def _matrix_names(page: Page) -> list[str]:
    return page.locator("#matrix tbody th").all_inner_texts()


def _lise_tiers() -> set[str]:
    db.session.expire_all()
    lise = db.session.scalar(sa.select(User).where(User.username == "lise"))
    return set(db.session.scalars(sa.select(TierAward.tier).where(TierAward.user_id == lise.id)))


def test_supervisor_filters_opens_a_learner_downloads_csv_and_records_a_meeting(
    open_page, unit_a, tmp_path
):
    axe = AxeScan()
    page = open_page(viewport=WIDE)
    sign_in(page, "boss")
    expect(page).to_have_url(re.compile(r"/supervise/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("My units"))
    assert _matrix_names(page) == ["Nina Natt", "Lise Lær"]  # not started comes first
    assert "Frida" not in page.content()
    axe(page, "dashboard")

    page.get_by_label(ui("Unit"), exact=True).select_option(label="\u2003\u2003Post 1 natt")
    page.get_by_label(ui("Status")).select_option(value="not_started")
    page.get_by_role("button", name=ui("Show")).click()
    expect(page).to_have_url(re.compile(r"unit=\d+.*status=not_started"))
    assert _matrix_names(page) == ["Nina Natt"]
    expect(page.locator("#matrix")).to_contain_text(ui("Not started yet"))
    axe(page, "dashboard, filtered")

    page.goto("/supervise/")
    page.get_by_role("link", name="Lise Lær").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lise Lær")
    expect(page.get_by_role("region", name="Kurs i omsorg", exact=True)).to_contain_text("Modul d")
    axe(page, "learner")

    page.goto("/supervise/")
    with page.expect_download() as info:
        page.get_by_role("link", name=ui("Download (CSV)")).click()
    saved = tmp_path / "export.csv"
    info.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith("\ufeff".encode())
    assert "Lise Lær,Post 1,Bas" in data.decode("utf-8-sig")

    page.get_by_role("link", name=ui("Reflection meetings")).click()
    axe(page, "meetings")
    page.get_by_role("link", name=ui("Record a meeting")).click()
    axe(page, "new meeting form")
    page.get_by_label(ui("Date of the meeting")).fill("2026-11-02")
    page.get_by_label(ui("Course")).select_option(label="Kurs i omsorg")
    page.get_by_label(ui("Topic")).fill("Verdighet i stell")
    page.get_by_label(ui("Unit"), exact=True).select_option(label="Post 1")
    page.get_by_role("group", name="Post 1", exact=True).get_by_label("Lise Lær").check()
    page.get_by_role("button", name=ui("Save the meeting")).click()
    expect(page.locator(".flash-success").last).to_contain_text("Lise Lær")
    expect(page.locator(".flash-success").last).to_contain_text("Fordypning")
    axe(page, "meeting, saved")
    assert _lise_tiers() == {"bas", "fordjupning"}

    page.get_by_role("link", name=ui("My units")).click()
    row = page.locator("#matrix tbody tr", has_text="Lise Lær")
    expect(row.locator("td").nth(1)).to_have_text("Fordypning")

    page.get_by_role("link", name=ui("Assigned courses")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Assigned courses"))
    axe(page, "assignments")
    axe.assert_clean()


def test_supervisor_pages_reflow_at_320_css_px(open_page, unit_a):
    page = open_page(viewport=NARROW)
    sign_in(page, "boss")
    lise = unit_a["lise"].id
    problems = []
    for url in (
        "/supervise/",
        f"/supervise/learners/{lise}",
        "/supervise/meetings/",
        "/supervise/meetings/new",
        "/supervise/assignments/",
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        problems += _reflow_problems(page)
    assert not problems, "\n".join(problems)


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_supervisor_works_with_the_keyboard_only(open_page, unit_a):
    page = open_page(viewport=WIDE)
    sign_in(page, "boss")

    _tab_to(page, "#f-status")
    page.keyboard.press("ArrowDown")  # "Needs attention", the first choice after "Everyone"
    _tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"status=attention"))
    assert _matrix_names(page) == ["Nina Natt"]

    _tab_to(page, "#matrix a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nina Natt")

    page.goto("/supervise/meetings/new")
    _tab_to(page, "#held_on")
    page.keyboard.type("02112026")  # the date field takes digits in the browser's order
    _tab_to(page, "#title")
    page.keyboard.type("Møte med tastatur")
    _tab_to(page, "input[name=attendees]")
    page.keyboard.press("Space")
    _tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success").first).to_have_text(ui("The meeting is saved."))
