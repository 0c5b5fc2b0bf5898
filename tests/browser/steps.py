"""What a person does in the browser, and the words they read there.

Expected text comes from the Norwegian catalog rather than being typed into the tests:
the wording may change while a test keeps asserting what a learner actually sees.
"""

from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa
from babel.support import Translations
from playwright.sync_api import Page, expect

from lms.extensions import db
from lms.models import Course, Module, ModuleProgress, TierAward, User, utcnow
from lms.tiers.awards import record_awards
from lms.tiers.standing import standing
from tests.conftest import PASSWORD

TRANSLATIONS = Path(__file__).resolve().parents[2] / "lms" / "translations"
COURSE = "dette-ma-jeg-kunne"


@functools.cache
def _catalog() -> Translations:
    return Translations.load(str(TRANSLATIONS), ["nb"])


def ui(msgid: str, **values) -> str:
    """The Norwegian UI text for ``msgid``, formatted like Flask-Babel's gettext does."""
    text = _catalog().gettext(msgid)
    return text % values if values else text


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name=ui("Sign in"), exact=True).click()
    expect(page.locator("input[name=password]")).to_have_count(0)


def course(slug: str = COURSE) -> Course:
    """A synced course, read fresh (the server thread may have changed rows)."""
    db.session.expire_all()
    return db.session.scalar(sa.select(Course).where(Course.slug == slug))


def live_modules(c: Course) -> list[Module]:
    """The course's modules a learner sees, in course order."""
    return [m for m in c.modules if m.archived_at is None]


def answer_quiz(page: Page, module: Module, *, right: bool) -> None:
    """Tick answers on the module's quiz form and submit it.

    Right answers are read from the stored quiz; a wrong answer is one wrong option.
    """
    for question in module.quiz:
        options = question["options"]
        chosen = (
            [o["key"] for o in options if o["correct"]]
            if right
            else [next(o["key"] for o in options if not o["correct"])]
        )
        for key in chosen:
            page.locator(f"#q{question['key']}-{key}").check()
    page.get_by_role("button", name=ui("Check my answers")).click()


def award_bas(username: str, slug: str = COURSE) -> TierAward:
    """Record the bas modules not yet passed as passed, and award the tier, via the DB."""
    user = db.session.scalar(sa.select(User).where(User.username == username))
    c = course(slug)
    passed = {
        row.module_id: row
        for row in db.session.scalars(
            sa.select(ModuleProgress).where(ModuleProgress.user_id == user.id)
        )
    }
    for module in live_modules(c):
        if module.tier != "bas" or (module.id in passed and passed[module.id].passed_at):
            continue
        row = passed.get(module.id) or ModuleProgress(user_id=user.id, module_id=module.id)
        row.attempts = 1
        row.best_score = 100
        row.passed_at = utcnow()
        row.passed_content_hash = module.content_hash
        row.passed_course_version = c.version_label
        db.session.add(row)
    db.session.flush()
    awards = record_awards(db.session, user, standing(db.session, user.id, c), "Testkommune")
    db.session.commit()
    assert [a.tier for a in awards] == ["bas"]
    return awards[0]
