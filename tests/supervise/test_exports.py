"""CSV and XLSX exports hold exactly the rows and columns on screen, under the same filters."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from lms.extensions import db
from lms.models import AuditEvent
from tests.supervise.conftest import add_learner, progress, screen_table


@pytest.fixture
def staff(app, tree, course, boss):
    boss.language = "en"
    rows = [
        ("Åse Ødegård", tree["ward"], "ab"),
        ("Märta Åström", tree["night"], ""),
        ('=HYPERLINK("http://x")', tree["home"], "a"),
        ("-1+2", tree["home"], "abc"),
        ("Frida Fremmed", tree["other"], "a"),
    ]
    for name, unit, done in rows:
        user = add_learner(name, unit, username=f"u{len(name)}{unit.id}")
        if done:
            progress(user, course, done, days_ago=3)
    db.session.commit()


def _unneutralised(cell: str) -> str:
    return cell[1:] if cell[:2] in ("'=", "'+", "'-", "'@") else cell


QUERY = "course=kurs&status=in_progress"


def test_csv_equals_the_screen_cell_by_cell(boss_client, staff):
    screen = screen_table(boss_client.get(f"/supervise/?{QUERY}").get_data(as_text=True))
    response = boss_client.get(f"/supervise/export.csv?{QUERY}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())  # Excel then reads æøå right
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))

    assert [[_unneutralised(c) for c in row] for row in rows] == screen
    assert len(screen) == 2 + 3  # two header rows, three learners in progress
    names = [row[0] for row in rows[2:]]
    assert "Åse Ødegård" in names and "Frida Fremmed" not in names


def test_xlsx_equals_the_screen_cell_by_cell(boss_client, staff):
    screen = screen_table(boss_client.get(f"/supervise/?{QUERY}").get_data(as_text=True))
    response = boss_client.get(f"/supervise/export.xlsx?{QUERY}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]

    assert [[_unneutralised(c) for c in row] for row in rows] == screen
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


def test_cells_that_look_like_formulas_are_neutralised(boss_client, staff):
    text = boss_client.get(f"/supervise/export.csv?{QUERY}").data.decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(text))][2:]
    assert '\'=HYPERLINK("http://x")' in names
    assert "'-1+2" in names
    sheet = load_workbook(io.BytesIO(boss_client.get(f"/supervise/export.xlsx?{QUERY}").data))
    values = [row[0] for row in sheet.active.iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://x")' in values


def test_every_export_is_in_the_audit_log(boss_client, boss, staff):
    boss_client.get(f"/supervise/export.csv?{QUERY}")
    boss_client.get(f"/supervise/export.xlsx?{QUERY}")
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "dashboard.export")
    ).all()
    assert [(e.actor_id, e.details["format"], e.details["rows"]) for e in events] == [
        (boss.id, "csv", 3),
        (boss.id, "xlsx", 3),
    ]
    assert events[0].details["filters"] == {"course": "kurs", "status": "in_progress"}
