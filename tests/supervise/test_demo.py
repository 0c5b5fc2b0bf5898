"""`flask demo` gives the demo supervisor a live dashboard: a unit tree, learners at each
tier, one stalled, one overdue, one meeting held; running it again changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Meeting, ModuleProgress, TierAward, Unit, User
from tests.conftest import login
from tests.supervise.conftest import screen_table


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (User, Unit, ModuleProgress, TierAward, Meeting)
    )


def test_the_demo_supervisor_sees_a_dashboard_with_flags(app, runner, real_courses):
    result = runner.invoke(args=["demo", "--password", "demo-password-1"])
    assert result.exit_code == 0, result.output
    before = _counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert _counts() == before  # idempotent

    tiers = set(db.session.scalars(sa.select(TierAward.tier)))
    assert tiers == {"bas", "fordjupning", "spets"}
    assert db.session.scalar(sa.select(Meeting.title)) is not None
    leder = db.session.scalar(sa.select(User).where(User.username == "leder"))
    leder.language = "en"
    db.session.commit()

    client = app.test_client()
    response = login(client, "leder", "demo-password-1")
    assert response.location.endswith("/supervise/")
    html = client.get("/supervise/").get_data(as_text=True)
    rows = screen_table(html)[2:]
    flags = [row[3] for row in rows]
    assert flags[0].startswith("Overdue:")
    assert any(f.startswith("Stalled:") for f in flags)
    assert "Not started yet" in flags
    reached = {row[2] for row in rows}
    assert {"Bas", "Fordypning", "Spiss", "No level yet"} <= reached
    assert 20 <= len(rows) <= 30
    units = {u for row in rows for u in row[1].split(", ")}
    assert "Post 2 natt" in units  # a sub-sub-unit of the one leder leads
    assert "Hjemmetjenesten nord" not in html  # another supervisor's unit
