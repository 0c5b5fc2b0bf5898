"""Sign-in cards: who may print them for whom, and what the PDF holds."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from lms.extensions import db
from lms.models import ActivationToken, AuditEvent, Unit, User
from tests.conftest import PASSWORD, login


@pytest.fixture
def two_units(org, make_user):
    """Kari leads Avdeling A (with Post 1 under it); Berit leads Avdeling B."""
    a = db.session.scalar(sa.select(Unit).where(Unit.name == "Avdeling A"))
    db.session.add(Unit(organisation=org, name="Post 1", parent=a))
    db.session.commit()
    people = {
        "kari": make_user("kari", "supervisor", unit="Avdeling A", unit_role="supervisor"),
        "berit": make_user("berit", "supervisor", unit="Avdeling B", unit_role="supervisor"),
        "amina": make_user("amina", "learner", display_name="Amina Hassan", unit="Avdeling A"),
        "post": make_user("pia", "learner", display_name="Pia Post", unit="Post 1"),
        "bjorn": make_user("bjorn", "learner", display_name="Bjørn B", unit="Avdeling B"),
        # A learner who also leads something: a leader may never reset them.
        "lead": make_user("leif", "learner", "supervisor", unit="Avdeling A"),
    }
    return people


def _client(app, username):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_supervisor_prints_a_card_for_a_learner_in_a_sub_unit(app, two_units):
    kari = _client(app, "kari")
    pia = two_units["post"]

    response = kari.post("/cards/print", data={"user_id": [str(pia.id)]})

    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = _text(response.data)
    assert "Pia Post" in text and "pia" in text
    assert "Virker én gang, til og med" in text  # the card says until when the link works
    link = re.search(r"/activate/([A-Za-z0-9_-]{43})", text.replace(" ", ""))
    assert link, text
    # The printed link is the one that works; the old password does not.
    fresh = app.test_client()
    assert login(fresh, "pia", PASSWORD).status_code == 200
    assert fresh.get(f"/activate/{link.group(1)}").status_code == 200
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.reset"))
    assert event.target_id == pia.id and event.actor_id == two_units["kari"].id
    assert link.group(1) not in str(event.details)


def test_supervisor_of_a_gets_404_for_unit_b_and_changes_nothing(app, two_units):
    kari = _client(app, "kari")
    bjorn, amina = two_units["bjorn"], two_units["amina"]
    hash_before = bjorn.password_hash

    for ids in ([bjorn.id], [amina.id, bjorn.id], [two_units["lead"].id], [two_units["berit"].id]):
        response = kari.post("/cards/print", data={"user_id": [str(i) for i in ids]})
        assert response.status_code == 404, ids

    db.session.expire_all()
    assert db.session.get(User, bjorn.id).password_hash == hash_before
    assert login(app.test_client(), "amina").status_code == 302  # untouched too
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActivationToken)) == 0


def test_the_card_list_shows_only_the_supervisors_own_learners(app, two_units):
    page = _client(app, "kari").get("/cards/").get_data(as_text=True)
    assert "Amina Hassan" in page and "Pia Post" in page
    assert "Bjørn B" not in page and "leif" not in page and "berit" not in page


def test_forged_or_huge_ids_are_404_not_500(app, two_units):
    kari = _client(app, "kari")
    for value in ("99999999", "2147483648", "9" * 30, "-1", "abc", "1e3"):
        assert kari.post("/cards/print", data={"user_id": [value]}).status_code == 404, value
    assert kari.post("/cards/print", data={}).status_code == 400


def test_a_learner_gets_403(app, two_units):
    amina = _client(app, "amina")
    assert amina.get("/cards/").status_code == 403
    assert (
        amina.post("/cards/print", data={"user_id": [str(two_units["post"].id)]}).status_code == 403
    )


def test_signed_out_people_are_sent_to_sign_in(client, two_units):
    assert client.get("/cards/").status_code == 302
    assert client.post("/cards/print", data={"user_id": ["1"]}).status_code == 302


def test_admin_prints_cards_for_several_people(app, two_units, make_user):
    make_user("root", "admin")
    root = _client(app, "root")
    ids = [two_units["bjorn"].id, two_units["lead"].id, two_units["amina"].id]
    response = root.post("/cards/print", data={"user_id": [str(i) for i in ids]})
    assert response.status_code == 200
    text = _text(response.data)
    for name in ("Bjørn B", "Amina Hassan", "leif"):
        assert name in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActivationToken)) == 3


def test_no_one_prints_a_card_for_themselves(app, make_user, two_units):
    root = make_user("root", "admin")
    client = _client(app, "root")
    assert "root" not in client.get("/cards/").get_data(as_text=True).split("<tbody>")[1]
    assert client.post("/cards/print", data={"user_id": [str(root.id)]}).status_code == 404


def test_the_card_page_shows_the_address_the_cards_will_carry(app, two_units):
    kari = _client(app, "kari")
    assert "Lenkene på kortene begynner med http://localhost" in kari.get("/cards/").text
    app.config["PUBLIC_BASE_URL"] = "https://kurs.kommune.no"
    assert "begynner med https://kurs.kommune.no<" in kari.get("/cards/").text
