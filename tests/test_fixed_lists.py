"""Each fixed list has one source; constraints, names and choices are built from it."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from config import Config
from lms.auth.cli import users_cli
from lms.auth.forms import LanguageForm
from lms.content.model import SHOW_ANSWERS
from lms.content.tier_rules import TIERS
from lms.i18n import TIER_NAMES
from lms.languages import LANGUAGE_NAMES, LANGUAGES
from lms.models import ROLES, UNIT_ROLES, Course, Membership, TierAward, UserRole

LMS = Path(__file__).resolve().parent.parent / "lms"


def _check(model, name: str) -> str:
    (constraint,) = [
        c
        for c in model.__table__.constraints
        if isinstance(c, sa.CheckConstraint) and c.name.endswith(name)
    ]
    return str(constraint.sqltext)


def test_check_constraints_list_exactly_their_source():
    listed = lambda values: "(" + ", ".join(f"'{v}'" for v in values) + ")"  # noqa: E731
    assert _check(TierAward, "tier") == f"tier IN {listed(TIERS)}"
    assert _check(UserRole, "role") == f"role IN {listed(ROLES)}"
    assert _check(Membership, "role") == f"role IN {listed(UNIT_ROLES)}"
    assert _check(Course, "show_answers") == f"show_answers IN {listed(SHOW_ANSWERS)}"


def test_every_tier_has_a_name_in_every_course_language():
    for names in TIER_NAMES.values():
        assert tuple(names) == TIERS


def test_languages_come_from_one_list(app):
    assert Config.LANGUAGES == LANGUAGES == tuple(LANGUAGE_NAMES)
    with app.test_request_context():
        form = LanguageForm()
        choices = [(c.value, c.label) for c in form.language.iter_choices()]
    assert choices == list(LANGUAGE_NAMES.items())
    create = users_cli.commands["create"]
    (language,) = [p for p in create.params if p.name == "language"]
    assert tuple(language.type.choices) == LANGUAGES
    (roles,) = [p for p in create.params if p.name == "roles"]
    assert tuple(roles.type.choices) == ROLES


def test_no_template_writes_its_csrf_input_by_hand():
    by_hand = [
        str(path.relative_to(LMS))
        for path in LMS.rglob("*.html")
        if 'name="csrf_token"' in path.read_text(encoding="utf-8")
    ]
    assert by_hand == ["templates/_macros.html"]
