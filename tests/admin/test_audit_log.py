"""The audit log page: admins read events, filtered by action, actor and dates, a page at
a time."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from lms.admin.audit_log import PAGE_SIZE
from lms.audit import record_event
from lms.extensions import db
from lms.models import AuditEvent


def _event(action, actor, at, **details):
    event = record_event(
        db.session, action, actor=actor, target_type="user", target_id=1, **details
    )
    event.at = at
    return event


def _seed(make_user):
    root = make_user("root2", "admin")
    kari = make_user("kari", "supervisor")
    _event("user.create", root, datetime(2026, 3, 1, 10, tzinfo=UTC), via="admin")
    _event("user.reset", kari, datetime(2026, 3, 5, 10, tzinfo=UTC), via="card")
    # 23:30 UTC on 9 March is 10 March in Oslo.
    _event("unit.move", root, datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
    db.session.commit()


def _rows(html: str) -> int:
    return (
        html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr>")
        if "<tbody>" in html
        else 0
    )


def test_admin_filters_by_action_actor_and_dates(admin_client, make_user):
    _seed(make_user)

    everything = admin_client.get("/admin/audit").get_data(as_text=True)
    assert _rows(everything) == 3 and "via=card" in everything

    by_action = admin_client.get("/admin/audit?action=user.reset").get_data(as_text=True)
    assert _rows(by_action) == 1 and "kari" in by_action
    assert "Et nytt innloggingskort eller en ny lenke ble laget" in by_action  # plain words

    by_actor = admin_client.get("/admin/audit?actor=ROOT2").get_data(as_text=True)
    assert _rows(by_actor) == 2 and "user.reset</td>" not in by_actor

    in_march = admin_client.get("/admin/audit?from=2026-03-02&to=2026-03-09").get_data(as_text=True)
    assert _rows(in_march) == 1 and "user.reset" in in_march

    oslo_day = admin_client.get("/admin/audit?from=2026-03-10&to=2026-03-10").get_data(as_text=True)
    assert _rows(oslo_day) == 1 and "unit.move" in oslo_day

    unknown_action = admin_client.get("/admin/audit?action=nonsense").get_data(as_text=True)
    assert _rows(unknown_action) == 3  # an action that is not in the log filters nothing


def test_the_log_is_paginated_and_filters_stay_in_the_links(admin_client, make_user):
    root = make_user("root2", "admin")
    for i in range(PAGE_SIZE + 5):
        _event("user.update", root, datetime(2026, 1, 1, tzinfo=UTC), n=i)
    db.session.commit()

    first = admin_client.get("/admin/audit?action=user.update").get_data(as_text=True)
    assert _rows(first) == PAGE_SIZE
    assert "page=2" in first and "action=user.update" in first
    second = admin_client.get("/admin/audit?action=user.update&page=2").get_data(as_text=True)
    assert _rows(second) == 5
    beyond = admin_client.get("/admin/audit?action=user.update&page=999")
    assert beyond.status_code == 200 and _rows(beyond.get_data(as_text=True)) == 5


def test_a_bad_date_is_explained(admin_client):
    response = admin_client.get("/admin/audit?from=31.12.2026")
    assert response.status_code == 400
    assert "er ikke en dato" in response.get_data(as_text=True)


def test_changes_made_in_the_pages_show_up_in_the_log(admin_client, org):
    admin_client.post(
        "/admin/units", data={"name": "Ny post", "organisation_id": str(org.id), "parent_id": "0"}
    )
    page = admin_client.get("/admin/audit?action=unit.create").get_data(as_text=True)
    assert _rows(page) == 1 and "name=Ny post" in page and "root" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 1
