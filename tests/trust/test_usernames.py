"""Finding 10: usernames are unique after NFKC + casefold, in one script; names are clean."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lms.auth.services import PolicyError, create_user
from lms.extensions import db
from lms.models import User
from tests.conftest import PASSWORD, login


def test_usernames_differing_only_in_case_are_one_account(app):
    create_user(db.session, "Åse", PASSWORD)
    db.session.commit()
    for other in ("åse", "ÅSE", "A\u030ase"):  # the last: A + combining ring
        with pytest.raises(ValueError, match="taken"):
            create_user(db.session, other, PASSWORD)


def test_fullwidth_letters_fold_to_the_same_account(app):
    create_user(db.session, "admin", PASSWORD, roles=("admin",))
    db.session.commit()
    with pytest.raises(ValueError, match="taken"):
        create_user(db.session, "ａｄｍｉｎ", PASSWORD)


@pytest.mark.parametrize(
    "username",
    ["\u0430dmin", "adm\u0456n", "\u03b1dmin", "kari\u202enaM", "ola\u200bnormann", "a b"],
)
def test_lookalike_scripts_and_invisible_characters_are_refused(app, username):
    with pytest.raises(PolicyError):
        create_user(db.session, username, PASSWORD)


@pytest.mark.parametrize("username", ["kari.nordmann", "Åse", "björn_42", "øyvind-h", "Ærlig"])
def test_nordic_names_are_allowed(app, username):
    assert create_user(db.session, username, PASSWORD).username == username


def test_sign_in_with_another_case_of_a_nordic_name(app, client):
    create_user(db.session, "Åse", PASSWORD)
    db.session.commit()
    assert login(client, "åSE").status_code == 302


def test_display_name_loses_control_and_bidi_override_characters(app):
    user = create_user(db.session, "kari", PASSWORD, display_name="\u202eKari\u0007 Nordmann\u2066")
    assert user.display_name == "Kari Nordmann"


def test_lengths_are_checked_before_the_database(app, runner):
    with pytest.raises(PolicyError):
        create_user(db.session, "a" * 81, PASSWORD)
    with pytest.raises(PolicyError):
        create_user(db.session, "kari", PASSWORD, display_name="K" * 121)
    with pytest.raises(PolicyError):
        create_user(db.session, "kari", PASSWORD, email="k" * 250 + "@x.no")
    result = runner.invoke(
        args=["users", "create", "b" * 200, "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 1 and "at most 80" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_a_very_long_username_on_the_login_form_is_a_form_error(client):
    response = client.post("/login", data={"username": "x" * 5000, "password": PASSWORD})
    assert response.status_code == 200
