"""From level to proof: the share page per award, and /verify as a form with a plain answer."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import TierAward
from lms.proof.codes import format_code
from tests.conftest import login
from tests.helpers import pass_module, stored_module

COURSE = "dette-ma-jeg-kunne"


@pytest.fixture
def bas_award(real_courses, learner_client, learner):
    course = stored_module(COURSE, "rollen-din").course
    for mod in course.modules:
        if mod.tier == "bas":
            pass_module(learner_client, mod)
    return db.session.scalar(sa.select(TierAward).where(TierAward.user_id == learner.id))


def test_share_page_explains_the_proof_in_plain_words(bas_award, learner_client):
    code = bas_award.verification_code
    page = learner_client.get(f"/awards/{code}/share").get_data(as_text=True)
    assert "<h1>Del beviset ditt</h1>" in page
    assert "Du nådde nivået Bas i kurset Dette må jeg kunne" in page
    assert f'href="/awards/{code}/certificate.pdf"' in page
    assert f"http://localhost/verify/{code}</a>" in page
    assert format_code(code) in page
    assert f'href="/awards/{code}/badge.json"' in page
    assert "Open Badges" in page


def test_course_and_progress_pages_lead_to_the_certificate_and_share_page(
    bas_award, learner_client
):
    code = bas_award.verification_code
    for url in (f"/courses/{COURSE}/", "/progress"):
        page = learner_client.get(url).get_data(as_text=True)
        assert f'href="/awards/{code}/certificate.pdf"' in page, url
        assert f'href="/awards/{code}/share"' in page, url
        assert "badge.jwt" not in page, url  # raw files live behind the share page


def test_share_page_of_another_learner_is_404(bas_award, app, make_user):
    make_user("ola", "learner")
    other = app.test_client()
    login(other, "ola")
    assert other.get(f"/awards/{bas_award.verification_code}/share").status_code == 404


def test_verify_without_a_code_shows_a_form(app, client):
    response = client.get("/verify")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<form method="get" action="/verify">' in page
    assert '<label for="code">Koden på kursbeviset</label>' in page
    assert "Det finnes ikke noe kursbevis" not in page


@pytest.mark.parametrize("code", ["0000000000000000", "ABC", "not-a-code!", "ø" * 16])
def test_a_wrong_code_gets_the_form_and_a_plain_sentence(app, client, code):
    for url in (f"/verify/{code}", f"/verify?code={code}"):
        response = client.get(url, follow_redirects=True)  # a well-formed code redirects
        page = response.get_data(as_text=True)
        assert response.status_code == 404, url
        assert "Det finnes ikke noe kursbevis med denne koden." in page, url
        assert 'aria-invalid="true"' in page and 'name="code"' in page, url
        assert "Vi fant ikke denne siden" not in page  # not the generic 404 page


def test_the_form_finds_a_typed_code(bas_award, client):
    typed = format_code(bas_award.verification_code).lower()
    response = client.get(f"/verify?code=+{typed}+")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/verify/{bas_award.verification_code}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dette kursbeviset er gyldig." in page
