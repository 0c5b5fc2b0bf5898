"""The supervisor's dashboard: who needs a word first, with plain reasons, under filters
kept in the URL, scoped to the supervisor's own units and the units under them."""

from __future__ import annotations

import re

import pytest

from lms.extensions import db
from lms.models import Assignment
from lms.supervise.dashboard import PAGE_SIZE
from tests.supervise.conftest import add_learner, midnight, progress, screen_table


@pytest.fixture
def people(app, tree, course, boss):
    """Four learners in unit A's tree at different places, one in unit B."""
    boss.language = "en"
    nina = add_learner("Nina Natt", tree["night"])  # sub-sub-unit, never opened the course
    stig = add_learner("Stig Stille", tree["ward"])  # opened a module 30 days ago
    ola = add_learner("Ola Overdue", tree["home"])  # due a week ago, bas not reached
    berit = add_learner("Berit Bas", tree["home"])  # bas reached yesterday
    frida = add_learner("Frida Fremmed", tree["other"])  # unit B: never shown
    progress(stig, course, "a", days_ago=30, passed=False)
    progress(ola, course, "a", days_ago=2)
    progress(berit, course, "ab", days_ago=1)
    progress(frida, course, "a", days_ago=40, passed=False)
    db.session.flush()
    db.session.add(
        Assignment(course_id=course.id, user_id=ola.id, target_tier="bas", due_on=midnight(-7))
    )
    db.session.commit()
    return {"nina": nina, "stig": stig, "ola": ola, "berit": berit, "frida": frida}


def _names(html: str) -> list[str]:
    return [row[0] for row in screen_table(html)[2:]]


def test_flags_with_plain_reasons_and_who_needs_a_word_first(boss_client, people):
    html = boss_client.get("/supervise/?course=kurs").get_data(as_text=True)
    rows = {row[0]: row for row in screen_table(html)[2:]}

    assert _names(html) == ["Ola Overdue", "Stig Stille", "Nina Natt", "Berit Bas"]
    due = midnight(-7).date().isoformat()
    assert rows["Ola Overdue"][3] == f"Overdue: Bas not reached by {due}"
    assert rows["Stig Stille"][3] == "Stalled: no activity for 30 days"
    assert rows["Nina Natt"][3] == "Not started yet"
    assert rows["Berit Bas"][3] == ""
    assert rows["Berit Bas"][2] == "Bas"
    assert rows["Berit Bas"][6:] == ["Passed", "Passed", "Not started", "Not started"]
    assert rows["Stig Stille"][6:8] == ["Started", "Not started"]
    assert "Frida Fremmed" not in html


def test_the_matrix_groups_modules_by_tier(boss_client, people):
    table = screen_table(boss_client.get("/supervise/?course=kurs").get_data(as_text=True))
    assert table[0] == ["", "", "", "", "", "", "Bas", "", "Fordypning", ""]
    assert table[1][6:] == ["Modul a", "Modul b", "Modul c", "Modul d"]


def test_stalled_follows_the_configured_number_of_days(app, boss_client, people):
    app.config["SUPERVISE_STALLED_DAYS"] = 31
    html = boss_client.get("/supervise/?course=kurs&status=stalled").get_data(as_text=True)
    assert _names(html) == []
    app.config["SUPERVISE_STALLED_DAYS"] = 30
    html = boss_client.get("/supervise/?course=kurs&status=stalled").get_data(as_text=True)
    assert _names(html) == ["Stig Stille"]


def test_filters_live_in_the_url_and_a_unit_includes_its_sub_units(boss_client, people, tree):
    ward = tree["ward"].id
    html = boss_client.get(f"/supervise/?unit={ward}&course=kurs").get_data(as_text=True)
    assert _names(html) == ["Stig Stille", "Nina Natt"]
    assert f'<option value="{ward}" selected>' in html
    # The export links carry the same filters, so a download is what is on screen.
    assert f"/supervise/export.csv?unit={ward}&amp;course=kurs" in html

    attention = boss_client.get("/supervise/?course=kurs&status=attention").get_data(as_text=True)
    assert _names(attention) == ["Ola Overdue", "Stig Stille", "Nina Natt"]
    assert '<option value="attention" selected>' in attention
    for status, expected in [
        ("overdue", ["Ola Overdue"]),
        ("not_started", ["Nina Natt"]),
        ("in_progress", ["Ola Overdue", "Stig Stille", "Berit Bas"]),
        ("complete", []),
    ]:
        page = boss_client.get(f"/supervise/?course=kurs&status={status}")
        assert _names(page.get_data(as_text=True)) == expected, status
    by_tier = boss_client.get("/supervise/?course=kurs&tier=bas").get_data(as_text=True)
    assert _names(by_tier) == ["Berit Bas"]
    none = boss_client.get("/supervise/?course=kurs&tier=none").get_data(as_text=True)
    assert _names(none) == ["Ola Overdue", "Stig Stille", "Nina Natt"]


def test_counts_of_learners_per_tier_reached(boss_client, people):
    html = boss_client.get("/supervise/?course=kurs&status=overdue").get_data(as_text=True)
    counts = re.search(r'<ul class="counts">(.*?)</ul>', html, re.S).group(1)
    items = [" ".join(re.sub("<[^>]+>", " ", li).split()) for li in counts.split("</li>")[:-1]]
    # Counts cover the chosen units and course, whatever the status filter shows.
    assert items == ["3 No level yet", "1 Bas", "0 Fordypning"]


def test_unknown_or_foreign_filters_are_not_found(boss_client, people, tree):
    for query in (
        f"unit={tree['other'].id}",
        "unit=abc",
        "unit=-1",
        f"unit={2**63}",
        "course=no-such-course",
    ):
        assert boss_client.get(f"/supervise/?{query}").status_code == 404, query
    # An unknown status or tier is read as "all", not an error.
    assert boss_client.get("/supervise/?status=bogus&tier=x").status_code == 200


def test_a_large_unit_is_shown_in_pages_that_keep_the_filters(boss_client, tree, course):
    for i in range(PAGE_SIZE + 5):
        add_learner(f"Learner {i:03d}", tree["ward"])
    db.session.commit()
    first = boss_client.get("/supervise/?course=kurs").get_data(as_text=True)
    assert len(screen_table(first)) == 2 + PAGE_SIZE
    assert "/supervise/?course=kurs&amp;page=2" in first
    second = boss_client.get("/supervise/?course=kurs&page=2").get_data(as_text=True)
    assert len(screen_table(second)) == 2 + 5
    assert 'aria-current="page" href="/supervise/?course=kurs&amp;page=2"' in second


def test_the_dashboard_is_the_supervisors_home(app, boss, tree, course):
    client = app.test_client()
    response = client.post("/login", data={"username": "boss", "password": "correct horse battery"})
    assert response.location.endswith("/supervise/")
    html = client.get("/supervise/").get_data(as_text=True)
    assert "Kurs i omsorg" in html
