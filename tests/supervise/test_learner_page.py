"""A supervisor reads a learner's full record: what the learner sees on their own
progress page, nothing more (reflections stay private, proof links stay the learner's)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from lms.extensions import db
from lms.models import TierAward
from tests.conftest import login
from tests.helpers import pass_module, stored_module


def _records(html: str) -> str:
    """The course sections of a page, as text."""
    sections = re.findall(r'<section class="card".*?</section>', html, re.S)
    return [" ".join(re.sub("<[^>]+>", " ", s).split()) for s in sections]


def test_the_learner_page_shows_the_learners_own_records(app, boss_client, make_user, course):
    make_user("lise", "learner", display_name="Lise Lær", unit="Post 1 natt")
    lise_client = app.test_client()
    login(lise_client, "lise")
    for slug in "ab":
        pass_module(lise_client, stored_module("kurs", slug))
    key = stored_module("kurs", "a").reflections[0]["key"]
    saved = lise_client.post(
        "/courses/kurs/a/reflections", data={f"reflection-{key}": "Mitt hemmelige svar"}
    )
    assert saved.status_code == 302
    lise = db.session.scalar(sa.select(TierAward.user_id))

    own = lise_client.get("/progress").get_data(as_text=True)
    seen = boss_client.get(f"/supervise/learners/{lise}").get_data(as_text=True)

    own_text = [re.sub(r"· Kursbevis \(PDF\).*?Del beviset ditt", "", s) for s in _records(own)]
    assert _records(seen) == [" ".join(t.split()) for t in own_text]
    assert "Lise Lær" in seen and "Modul a" in seen
    assert "hemmelige" not in seen
    assert "certificate.pdf" not in seen and "badge" not in seen  # the learner's own proof


def test_a_learner_outside_the_supervisors_units_is_not_found(boss_client, make_user, tree):
    other = make_user("ute", "learner", unit="Hjemmetjenesten")
    assert boss_client.get(f"/supervise/learners/{other.id}").status_code == 404
