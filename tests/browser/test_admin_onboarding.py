"""An admin onboards staff in the browser: import a CSV (preview, confirm), print the new
people's sign-in cards; a new person chooses a password on the card's link. Every new
page passes axe (WCAG 2.1 A/AA) and reflows at 320 CSS px."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from lms.auth.activation import issue_link
from lms.extensions import db
from lms.models import Unit, User
from tests.browser.steps import sign_in, ui
from tests.browser.test_accessibility import NARROW, AxeScan, _reflow_problems

STAFF_CSV = (
    "\ufeffname;username;email;unit;employee_number\r\n"
    "Åse Ødegård;ase;;Avdeling A;1001\r\n"
    "Per Hansen;per;per@example.no;Post 1;\r\n"
).encode()
WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def axe_scan() -> AxeScan:
    return AxeScan()


def _seed_org(org, make_user):
    a = db.session.scalar(sa.select(Unit).where(Unit.name == "Avdeling A"))
    db.session.add(Unit(organisation=org, name="Post 1", parent=a))
    db.session.commit()
    make_user("root", "admin", display_name="Ada Admin")


def _choose_file(page: Page, data: bytes, name: str = "ansatte.csv") -> None:
    page.get_by_label(ui("Staff list (CSV file)")).set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )


def test_admin_imports_a_staff_list_and_prints_cards(open_page, org, make_user, axe_scan):
    _seed_org(org, make_user)
    # At 320 CSS px: every step of the import must reflow without sideways scrolling.
    page = open_page(viewport=NARROW)
    problems: list[str] = []
    sign_in(page, "root")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    axe_scan(page, "admin home")
    problems += _reflow_problems(page)

    page.get_by_role("link", name=ui("Import staff list (CSV)")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("Import staff list"))
    axe_scan(page, "import: upload")
    problems += _reflow_problems(page)

    # A file with a mistake first: the preview names the line, nothing can be saved.
    _choose_file(page, STAFF_CSV.replace(b"Post 1", b"Post 9"))
    page.get_by_role("button", name=ui("Show what will happen")).click()
    expect(page.get_by_role("region", name=re.compile("1 feil"))).to_contain_text(
        ui("Line %(line)d", line=3)
    )
    expect(page.get_by_role("button", name=ui("Save the import"))).to_have_count(0)
    axe_scan(page, "import: preview with a problem")
    problems += _reflow_problems(page)

    page.get_by_role("link", name=ui("Upload another file")).click()
    _choose_file(page, STAFF_CSV)
    page.get_by_role("button", name=ui("Show what will happen")).click()
    table = page.get_by_role("region", name=ui("People in the file"))
    expect(table).to_contain_text("Åse Ødegård")
    expect(table).to_contain_text("Per Hansen")
    axe_scan(page, "import: preview")
    problems += _reflow_problems(page)
    assert db.session.scalar(sa.select(User).where(User.username == "ase")) is None

    page.get_by_role("button", name=ui("Save the import")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("The import is saved"))
    axe_scan(page, "import: saved")
    problems += _reflow_problems(page)
    db.session.expire_all()
    ase = db.session.scalar(sa.select(User).where(User.username == "ase"))
    assert ase is not None and ase.employee_number == "1001"

    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"\(PDF\)$")).click()
    assert download.value.suggested_filename == "sign-in-cards.pdf"
    axe_scan.assert_clean()
    assert not problems, "\n".join(problems)


def test_every_new_admin_page_passes_axe_and_reflows_at_320_px(open_page, org, make_user, axe_scan):
    _seed_org(org, make_user)
    amina = make_user("amina", "learner", display_name="Amina Hassan", unit="Post 1")
    make_user("kari", "supervisor", unit="Avdeling A", unit_role="supervisor")
    unit = db.session.scalar(sa.select(Unit).where(Unit.name == "Post 1"))
    pages = {
        "people": "/admin/users",
        "add a person": "/admin/users/new",
        "a person": f"/admin/users/{amina.id}",
        "units": "/admin/units",
        "a unit": f"/admin/units/{unit.id}",
        "import": "/admin/import",
        "audit log": "/admin/audit",
        "sign-in cards (admin)": "/cards/",
    }
    problems: list[str] = []
    admin = open_page(viewport=NARROW)
    sign_in(admin, "root")
    # Something in the log so its table shows.
    admin.goto(f"/admin/units/{unit.id}")
    admin.get_by_label(ui("New name"), exact=True).fill("Post 1 øst")
    admin.get_by_role("button", name=ui("Save name")).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Post 1 øst")
    for name, url in pages.items():
        admin.goto(url)
        axe_scan(admin, name)
        problems += _reflow_problems(admin)

    supervisor = open_page(viewport=NARROW)
    sign_in(supervisor, "kari")
    supervisor.get_by_role("navigation", name=ui("Main")).get_by_role(
        "link", name=ui("Sign-in cards")
    ).click()
    expect(supervisor.get_by_role("table")).to_contain_text("Amina Hassan")
    axe_scan(supervisor, "sign-in cards (supervisor)")
    problems += _reflow_problems(supervisor)

    token, _row = issue_link(db.session, amina, valid_days=14, hash_method="pbkdf2:sha256:1000")
    db.session.commit()
    person = open_page(viewport=NARROW)
    person.goto(f"/activate/{token}")
    axe_scan(person, "choose your password")
    problems += _reflow_problems(person)
    person.get_by_label(ui("New password"), exact=True).fill("kort")
    person.get_by_label(ui("Repeat new password")).fill("kort")
    person.get_by_role("button", name=ui("Save my password")).click()
    expect(person.locator(".error")).to_be_visible()
    axe_scan(person, "choose your password, with an error")
    person.get_by_label(ui("New password"), exact=True).fill("et langt passord 42")
    person.get_by_label(ui("Repeat new password")).fill("et langt passord 42")
    person.get_by_role("button", name=ui("Save my password")).click()
    expect(person).to_have_url(re.compile(r"/courses$"))
    person.goto(f"/activate/{token}")
    expect(person.get_by_role("heading", level=1)).to_have_text(ui("This link does not work"))
    axe_scan(person, "a used link")
    problems += _reflow_problems(person)

    axe_scan.assert_clean()
    assert not problems, "\n".join(problems)


def _tab_to(page: Page, target, limit: int = 80) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    handle = target.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_keyboard_only_admin_creates_a_unit_and_a_leader_prints_a_card(open_page, org, make_user):
    _seed_org(org, make_user)
    make_user("amina", "learner", display_name="Amina Hassan", unit="Post 1")
    make_user("kari", "supervisor", unit="Avdeling A", unit_role="supervisor")

    admin = open_page(viewport=WIDE)
    sign_in(admin, "root")
    admin.goto("/admin/units")
    _tab_to(admin, admin.get_by_label(ui("Name of the unit")))
    admin.keyboard.type("Post 2")
    _tab_to(admin, admin.get_by_label(ui("Place it under")))
    admin.keyboard.press("ArrowDown")  # the first unit in the tree: Avdeling A
    _tab_to(admin, admin.get_by_role("button", name=ui("Create unit")))
    admin.keyboard.press("Enter")
    expect(admin.get_by_role("listitem").filter(has_text="Post 2")).to_be_visible()
    db.session.expire_all()
    post2 = db.session.scalar(sa.select(Unit).where(Unit.name == "Post 2"))
    assert post2 is not None and post2.parent.name == "Avdeling A"

    leader = open_page(viewport=NARROW)
    sign_in(leader, "kari")
    leader.goto("/cards/")
    _tab_to(leader, leader.get_by_role("checkbox", name="Amina Hassan"))
    leader.keyboard.press("Space")
    _tab_to(leader, leader.get_by_role("button", name=ui("Print new sign-in cards (PDF)")))
    with leader.expect_download() as download:
        leader.keyboard.press("Enter")
    assert download.value.suggested_filename == "sign-in-cards.pdf"
