"""In the browser: a learner downloads their data; an admin deletes the account, and the
certificate still verifies, without the name. No JavaScript needed."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.steps import award_bas, sign_in, ui


def test_learner_downloads_data_then_admin_deletes_the_account(
    open_page, make_user, learner, real_courses
):
    award = award_bas("amina")
    make_user("root", "admin", display_name="Ada Admin")

    page = open_page(java_script_enabled=False)
    sign_in(page, "amina")
    page.goto("/progress")
    with page.expect_download() as download:
        page.get_by_role("link", name=ui("Download all your data (JSON)")).click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["display_name"] == "Amina Hassan"
    assert data["awards"][0]["verification_code"] == award.verification_code

    admin = open_page(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    sign_in(admin, "root")
    admin.goto(f"/admin/users/{learner.id}")
    admin.get_by_label(ui("Type %(name)s to confirm", name="amina")).fill("amina")
    admin.get_by_role("button", name=ui("Delete"), exact=True).click()
    expect(
        admin.get_by_text(ui("The account is deleted. Awards stay verifiable without the name."))
    )

    page.goto(f"/verify/{award.verification_code}")
    expect(page.get_by_text(ui("Issued to a deleted user"))).to_be_visible()
    expect(page.get_by_text(ui("This certificate is valid."))).to_be_visible()
    expect(page.get_by_text("Amina Hassan")).to_have_count(0)
