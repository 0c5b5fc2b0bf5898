"""Admin pages for people and units: every change saved, audited, and in plain words."""

from __future__ import annotations

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ActivationToken, Membership, Unit, User
from tests.admin.conftest import events
from tests.conftest import login


def _user(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.username == username))


def test_admin_creates_a_person_with_roles_and_units(app, admin_client, org, units):
    response = admin_client.post(
        "/admin/users/new",
        data={
            "username": "ny",
            "display_name": "Ny Ansatt",
            "email": "",
            "employee_number": "55",
            "organisation_id": str(org.id),
            "roles": ["learner"],
            "unit_ids": [str(units["post"].id)],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    ny = _user("ny")
    assert ny.display_name == "Ny Ansatt" and ny.employee_number == "55"
    assert ny.role_names == {"learner"} and ny.organisation_id == org.id
    assert [m.unit_id for m in ny.memberships] == [units["post"].id]
    # No one knows the password until a card is printed.
    assert login(app.test_client(), "ny").status_code == 200
    (event,) = events("user.create")
    assert event.details["via"] == "admin" and event.details["roles"] == ["learner"]


def test_a_taken_username_is_refused_with_a_message(admin_client, org, learner):
    response = admin_client.post(
        "/admin/users/new",
        data={
            "username": "AMINA",
            "display_name": "X",
            "organisation_id": "0",
            "roles": ["learner"],
        },
    )
    assert response.status_code == 200 and "Det brukernavnet er tatt." in response.text
    assert not events("user.create")


def test_role_names_are_plain_words_in_the_ui_language(admin_client, learner):
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Ansatt (tar kurs)" in page and "Administrator" in page
    assert ">learner<" not in page and "learner," not in page
    edit = admin_client.get(f"/admin/users/{learner.id}").get_data(as_text=True)
    assert "Leder (følger en enhet)" in edit
    admin_client.post("/language", data={"language": "sv"})
    sv = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Anställd (går kurser)" in sv


def test_admin_changes_roles_and_units_and_it_is_audited(admin_client, learner, units):
    response = admin_client.post(
        f"/admin/users/{learner.id}",
        data={
            "username": "amina",
            "display_name": "Amina H.",
            "organisation_id": str(learner.organisation_id),
            "roles": ["learner", "supervisor"],
            "unit_ids": [str(units["home"].id)],
        },
    )
    assert response.status_code == 302
    amina = _user("amina")
    assert amina.role_names == {"learner", "supervisor"} and amina.display_name == "Amina H."
    assert {m.unit_id for m in amina.memberships} == {units["home"].id}
    (event,) = events("user.update")
    assert set(event.details["fields"]) == {"name", "roles", "units"}


def test_admin_cannot_remove_their_own_admin_role_or_deactivate_themselves(admin_client):
    root = _user("root")
    admin_client.post(
        f"/admin/users/{root.id}",
        data={
            "username": "root",
            "display_name": "root",
            "organisation_id": "0",
            "roles": ["learner"],
        },
    )
    assert "admin" in _user("root").role_names
    admin_client.post(f"/admin/users/{root.id}/deactivate")
    assert _user("root").active


def test_deactivate_stops_sign_in_and_links_and_reactivate_restores(app, admin_client, learner):
    from lms.auth.activation import issue_link

    issue_link(db.session, learner, valid_days=14, hash_method=app.config["PASSWORD_HASH_METHOD"])
    db.session.commit()
    amina = app.test_client()
    assert login(amina, "amina").status_code == 200  # the link ended the password already
    response = admin_client.post(f"/admin/users/{learner.id}/deactivate")
    assert response.status_code == 302
    assert not _user("amina").active
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActivationToken)) == 0
    admin_client.post(f"/admin/users/{learner.id}/reactivate")
    assert _user("amina").active
    assert [e.action for e in events("user.deactivate") + events("user.reactivate")] == [
        "user.deactivate",
        "user.reactivate",
    ]


def test_a_deactivated_persons_open_session_ends(app, admin_client, learner_client, learner):
    assert learner_client.get("/courses").status_code == 200
    admin_client.post(f"/admin/users/{learner.id}/deactivate")
    assert learner_client.get("/courses").status_code == 302  # sent to sign in


def test_admin_creates_renames_and_moves_units(admin_client, org, units):
    created = admin_client.post(
        "/admin/units",
        data={"name": "Post 2", "organisation_id": str(org.id), "parent_id": str(units["a"].id)},
    )
    assert created.status_code == 302
    post2 = db.session.scalar(sa.select(Unit).where(Unit.name == "Post 2"))
    assert post2.parent_id == units["a"].id

    admin_client.post(f"/admin/units/{post2.id}/rename", data={"rename-name": "Post 2 øst"})
    admin_client.post(
        f"/admin/units/{post2.id}/move", data={"move-parent_id": str(units["home"].id)}
    )
    db.session.expire_all()
    post2 = db.session.get(Unit, post2.id)
    assert (post2.name, post2.parent_id) == ("Post 2 øst", units["home"].id)
    admin_client.post(f"/admin/units/{post2.id}/move", data={"move-parent_id": "0"})
    db.session.expire_all()
    assert db.session.get(Unit, post2.id).parent_id is None
    actions = [
        e.action for e in events("unit.create") + events("unit.rename") + events("unit.move")
    ]
    assert actions == ["unit.create", "unit.rename", "unit.move", "unit.move"]


def test_moving_a_unit_under_its_own_sub_unit_is_refused_clearly(admin_client, units):
    a, post = units["a"], units["post"]
    response = admin_client.post(f"/admin/units/{a.id}/move", data={"move-parent_id": str(post.id)})
    assert response.status_code == 422
    assert "«Avdeling A» kan ikke legges under «Post 1», fordi «Post 1» ligger inni den." in (
        response.get_data(as_text=True)
    )
    self_loop = admin_client.post(f"/admin/units/{a.id}/move", data={"move-parent_id": str(a.id)})
    assert self_loop.status_code == 422
    db.session.expire_all()
    assert db.session.get(Unit, a.id).parent_id is None
    assert not events("unit.move")


def test_duplicate_unit_names_are_refused(admin_client, org, units):
    response = admin_client.post(
        "/admin/units", data={"name": "post 1", "organisation_id": str(org.id), "parent_id": "0"}
    )
    assert response.status_code == 200 and "Det finnes allerede en enhet" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 3


def test_supervisors_per_unit_are_added_and_removed(admin_client, make_user, units):
    kari = make_user("kari", "learner")
    post = units["post"]
    admin_client.post(
        f"/admin/units/{post.id}/supervisors", data={"supervisor-user_id": str(kari.id)}
    )
    kari = _user("kari")
    assert "supervisor" in kari.role_names
    assert any(m.unit_id == post.id and m.role == "supervisor" for m in kari.memberships)
    page = admin_client.get(f"/admin/units/{post.id}").get_data(as_text=True)
    assert "Fjern" in page and "kari" in page

    admin_client.post(f"/admin/units/{post.id}/supervisors/{kari.id}/remove")
    db.session.expire_all()
    assert not db.session.scalar(
        sa.select(Membership).where(Membership.user_id == kari.id, Membership.unit_id == post.id)
    )
    assert [e.action for e in events("unit.supervisor_add") + events("unit.supervisor_remove")] == [
        "unit.supervisor_add",
        "unit.supervisor_remove",
    ]


def test_admin_creates_an_organisation_once(admin_client, org):
    from lms.models import Organisation

    admin_client.post("/admin/organisations", data={"org-name": "Nabokommune"})
    again = admin_client.post(
        "/admin/organisations", data={"org-name": "nabokommune"}, follow_redirects=True
    )
    assert "Det finnes allerede en organisasjon" in again.get_data(as_text=True)
    names = set(db.session.scalars(sa.select(Organisation.name)))
    assert names == {"Testkommune", "Nabokommune"}
    assert [e.details["name"] for e in events("organisation.create")] == ["Nabokommune"]


def test_the_person_page_offers_only_actions_that_work(admin_client, learner):
    own = admin_client.get(f"/admin/users/{_user('root').id}").get_data(as_text=True)
    assert "/cards/print" not in own and "/deactivate" not in own
    other = admin_client.get(f"/admin/users/{learner.id}").get_data(as_text=True)
    assert "/cards/print" in other and "/deactivate" in other
    admin_client.post(f"/admin/users/{learner.id}/deactivate")
    inactive = admin_client.get(f"/admin/users/{learner.id}").get_data(as_text=True)
    assert "/cards/print" not in inactive and "/reactivate" in inactive


def test_a_username_with_spaces_is_refused(admin_client, org):
    response = admin_client.post(
        "/admin/users/new",
        data={
            "username": "kari li",
            "display_name": "Kari",
            "organisation_id": "0",
            "roles": ["learner"],
        },
    )
    assert response.status_code == 200 and "Et brukernavn kan ikke ha mellomrom." in response.text
    assert _user("kari li") is None


def test_every_role_has_a_plain_name():
    from lms.i18n import ROLE_LABELS
    from lms.models import ROLES

    assert tuple(ROLE_LABELS) == ROLES
