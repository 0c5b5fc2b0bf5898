"""Staff CSV import: preview, row errors, nothing written until confirmed, idempotence."""

from __future__ import annotations

import sqlalchemy as sa

from lms.admin.staff_csv import read_staff_csv
from lms.extensions import db
from lms.models import AuditEvent, Membership, Unit, User
from tests.admin.conftest import csv_bytes, events, payload_of, upload

GOOD = (
    "name;username;email;unit;employee_number\n"
    "Åse Ødegård;ase;ase@example.no;Avdeling A;1001\n"
    "Per Hansen;per;;Post 1;\n"
    "Linnéa Berg;linnea;;Hjemmetjenesten | Post 1;1003\n"
)


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _import(client, org, data: bytes):
    preview = upload(client, data, org.id)
    assert preview.status_code == 200, preview.get_data(as_text=True)
    return client.post("/admin/import/confirm", data={"payload": payload_of(preview.text)})


def test_preview_writes_nothing_and_confirm_creates_people(admin_client, org, units):
    users_before, events_before = _count(User), _count(AuditEvent)

    preview = upload(admin_client, csv_bytes(GOOD, bom=True), org.id)

    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "Åse Ødegård" in page and "Linnéa Berg" in page
    assert (_count(User), _count(AuditEvent)) == (users_before, events_before)

    done = admin_client.post("/admin/import/confirm", data={"payload": payload_of(page)})

    assert done.status_code == 200, done.get_data(as_text=True)
    ase = db.session.scalar(sa.select(User).where(User.username == "ase"))
    assert ase.display_name == "Åse Ødegård" and ase.employee_number == "1001"
    assert ase.email == "ase@example.no" and ase.role_names == {"learner"}
    linnea = db.session.scalar(sa.select(User).where(User.username == "linnea"))
    linnea_units = set(
        db.session.scalars(
            sa.select(Unit.name).join(Membership).where(Membership.user_id == linnea.id)
        )
    )
    assert linnea_units == {"Hjemmetjenesten", "Post 1"}
    assert _count(User) == users_before + 3
    assert len(events("user.create")) == 3 and len(events("staff.import")) == 1
    # The result page offers the new people's sign-in cards.
    assert done.text.count('name="user_id"') == 3


def test_comma_csv_without_bom_is_read_like_semicolons():
    semicolons = read_staff_csv(csv_bytes(GOOD, bom=True))
    commas = read_staff_csv(csv_bytes(GOOD.replace(";", ",")))
    assert not semicolons.problems and not commas.problems
    assert [r.username for r in commas.rows] == ["ase", "per", "linnea"]
    assert [r.units for r in commas.rows] == [r.units for r in semicolons.rows]


def test_norwegian_headers_and_quoted_cells_are_understood():
    text = 'navn;brukernavn;enhet;ansattnummer\n"Hansen; Per";per;Post 1;7\n'
    staff = read_staff_csv(csv_bytes(text))
    assert not staff.problems
    assert (staff.rows[0].name, staff.rows[0].employee_number) == ("Hansen; Per", "7")


def test_bad_csv_lists_each_bad_row_with_its_line_and_writes_nothing(admin_client, org, units):
    bad = (
        "name;username;email;unit\n"
        "Åse Ødegård;ase;ase@example.no;Avdeling A\n"
        ";nameless;;Avdeling A\n"
        "Kari Li;kari li;;Avdeling A\n"
        "Ola;ola;not-an-email;Avdeling A\n"
        "Ola Two;ola2;;Månen\n"
        "Åse Again;ASE;;Avdeling A\n"
    )
    users_before, events_before = _count(User), _count(AuditEvent)

    response = upload(admin_client, csv_bytes(bad), org.id)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for line in (3, 4, 5, 6, 7):
        assert f"Linje {line}:" in page, line
    assert "Linje 2:" not in page
    assert "Månen" in page
    assert 'name="payload"' not in page  # no way to confirm a file with problems
    assert (_count(User), _count(AuditEvent)) == (users_before, events_before)


def test_missing_column_and_wrong_encoding_are_explained(admin_client, org, units):
    no_unit = upload(admin_client, csv_bytes("name;username\nA;a\n"), org.id)
    assert no_unit.status_code == 422
    assert "unit" in no_unit.text and "Linje 1:" in no_unit.text
    latin1 = upload(
        admin_client, "name;username;unit\nÅse;ase;Avdeling A\n".encode("latin-1"), org.id
    )
    assert latin1.status_code == 422 and "CSV UTF-8" in latin1.text
    assert _count(User) == 1  # only the admin


def test_confirm_checks_again_and_writes_nothing_when_the_file_no_longer_fits(
    admin_client, org, units
):
    preview = upload(admin_client, csv_bytes(GOOD), org.id)
    payload = payload_of(preview.text)
    # Between preview and confirm someone removes a unit the file names.
    db.session.delete(units["home"])
    db.session.commit()
    users_before = _count(User)

    response = admin_client.post("/admin/import/confirm", data={"payload": payload})

    assert response.status_code == 422
    assert "Hjemmetjenesten" in response.text and "Linje 4:" in response.text
    assert _count(User) == users_before


def test_a_forged_payload_is_refused(admin_client, org, units):
    preview = upload(admin_client, csv_bytes(GOOD), org.id)
    payload = payload_of(preview.text)
    forged = payload[:-3] + ("AAA" if payload[-3:] != "AAA" else "BBB")
    users_before = _count(User)
    response = admin_client.post("/admin/import/confirm", data={"payload": forged})
    assert response.status_code == 400
    assert _count(User) == users_before


def test_reimport_updates_and_never_duplicates(admin_client, org, units):
    _import(admin_client, org, csv_bytes(GOOD))
    users_after_first = _count(User)
    changed = GOOD.replace(
        "Per Hansen;per;;Post 1;", "Per Olav Hansen;PER;per@example.no;Avdeling A;1002"
    )

    preview = upload(admin_client, csv_bytes(changed), org.id)
    assert preview.status_code == 200
    done = admin_client.post("/admin/import/confirm", data={"payload": payload_of(preview.text)})

    assert done.status_code == 200
    assert _count(User) == users_after_first
    per = db.session.scalar(sa.select(User).where(User.username == "per"))
    assert (per.display_name, per.email, per.employee_number) == (
        "Per Olav Hansen",
        "per@example.no",
        "1002",
    )
    per_units = set(
        db.session.scalars(
            sa.select(Unit.name).join(Membership).where(Membership.user_id == per.id)
        )
    )
    assert per_units == {"Avdeling A"}
    update = [e for e in events("user.update") if e.target_id == per.id]
    assert update and set(update[0].details["fields"]) == {
        "name",
        "email",
        "employee_number",
        "unit",
    }


def test_export_then_import_changes_nothing(admin_client, org, units):
    _import(admin_client, org, csv_bytes(GOOD))
    db.session.expire_all()
    exported = admin_client.get(f"/admin/staff.csv?organisation={org.id}")
    assert exported.status_code == 200
    assert exported.data.startswith("\ufeff".encode())
    assert exported.mimetype == "text/csv"
    snapshot = _people_snapshot()
    events_before = _count(AuditEvent)

    preview = upload(admin_client, exported.data, org.id)

    assert preview.status_code == 200
    assert "3 personer uten endringer" in preview.text, preview.text
    admin_client.post("/admin/import/confirm", data={"payload": payload_of(preview.text)})
    assert _people_snapshot() == snapshot
    # Only the summary of the import itself is logged: no person was changed.
    assert _count(AuditEvent) == events_before + 1


def test_export_protects_formula_cells_and_the_import_reads_them_back(admin_client, org, units):
    text = "name;username;unit\n=1+2 Hansen;formula;Avdeling A\n"
    _import(admin_client, org, csv_bytes(text))
    exported = admin_client.get(f"/admin/staff.csv?organisation={org.id}")
    assert "'=1+2 Hansen" in exported.data.decode("utf-8")
    preview = upload(admin_client, exported.data, org.id)
    assert "1 person uten endringer" in preview.text


def test_email_or_number_of_someone_else_is_a_row_error(admin_client, make_user, org, units):
    make_user("kari", "learner", email="kari@example.no", unit="Avdeling A")
    text = "name;username;email;unit\nNy Person;ny;kari@example.no;Avdeling A\n"
    response = upload(admin_client, csv_bytes(text), org.id)
    assert response.status_code == 422
    assert "Linje 2:" in response.text and "kari" in response.text


def _people_snapshot():
    db.session.expire_all()
    people = db.session.scalars(sa.select(User).order_by(User.id))
    rows = []
    for user in people:
        units = sorted(
            db.session.execute(
                sa.select(Membership.unit_id, Membership.role).where(Membership.user_id == user.id)
            ).all()
        )
        rows.append(
            (
                user.id,
                user.username,
                user.display_name,
                user.email,
                user.employee_number,
                user.password_hash,
                user.active,
                tuple(units),
            )
        )
    return rows


def test_the_preview_query_count_does_not_grow_with_the_file(admin_client, org, units):
    from lms.admin.staff_csv import plan_import
    from tests.learn.test_query_counts import count_queries

    def staff(n: int) -> bytes:
        rows = [f"Person {i};p{i};p{i}@example.no;Avdeling A;{i}" for i in range(n)]
        return csv_bytes("name;username;email;unit;employee_number\n" + "\n".join(rows))

    # Half of the bigger file is already in Steg, so updates are planned too.
    _import(admin_client, org, staff(40))
    counts = []
    for n in (10, 80):
        parsed = read_staff_csv(staff(n))
        db.session.expire_all()
        with count_queries() as statements:
            plan = plan_import(db.session, org, parsed)
        assert plan.ok and len(plan.rows) == n
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_a_row_the_account_rules_refuse_at_confirm_is_shown_and_nothing_is_kept(
    admin_client, org, units, monkeypatch
):
    from lms.admin import staff_csv

    preview = upload(admin_client, csv_bytes(GOOD), org.id)
    real_create_user = staff_csv.create_user

    def refuse_per(session, username, *args, **kwargs):
        if username == "per":
            raise ValueError("not allowed here")
        return real_create_user(session, username, *args, **kwargs)

    # The account rules (lms.auth.services.create_user) may be stricter than the preview.
    monkeypatch.setattr(staff_csv, "create_user", refuse_per)
    users_before, events_before = _count(User), _count(AuditEvent)

    response = admin_client.post(
        "/admin/import/confirm", data={"payload": payload_of(preview.text)}
    )

    assert response.status_code == 422
    assert "Linje 3:" in response.text and "not allowed here" in response.text
    assert (_count(User), _count(AuditEvent)) == (users_before, events_before)
