"""Reading preferences: glossary words in the learner's first language, text size, spacing."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from lms.content.first_languages import FIRST_LANGUAGES
from lms.extensions import db
from lms.models import Course, User
from tests.content.course_files import load, messages

MODULE = "/courses/dette-ma-jeg-kunne/observere-og-melde"


def _user(username: str = "amina") -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.username == username))


def _save(client, **values):
    data = {"first_language": "", "text_size": "normal", "line_spacing": "normal", **values}
    return client.post("/account/reading", data=data)


def _term_entry(page: str, slug: str) -> str:
    match = re.search(rf'<dt id="term-{slug}">.*?</dd>', page, re.DOTALL)
    assert match, slug
    return match.group(0)


@pytest.mark.parametrize(
    ("code", "word", "direction"),
    [
        ("ar", "حادثة (انحراف عن المعتاد)", "rtl"),
        ("pl", "zdarzenie niepożądane", "ltr"),
        ("so", "khalad ama cillad", "ltr"),
    ],
)
def test_glossary_word_shows_in_the_first_language_with_lang_and_dir(
    real_courses, learner_client, code, word, direction
):
    assert _save(learner_client, first_language=code).status_code == 302
    assert _user().first_language == code

    page = learner_client.get(MODULE).get_data(as_text=True)
    entry = _term_entry(page, "avvik")
    assert (
        f'<span class="translation" lang="{code}" dir="{direction}">'
        f'<span class="muted">{FIRST_LANGUAGES[code]}:</span> {word}</span>'
    ) in entry
    # The word list of the course shows it too.
    glossary = learner_client.get("/courses/dette-ma-jeg-kunne/_glossary").get_data(as_text=True)
    assert f'lang="{code}" dir="{direction}"' in _term_entry(glossary, "avvik")


def test_no_first_language_shows_no_translation(real_courses, learner_client):
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert 'class="translation"' not in page
    # A language the glossary has no word for shows nothing either.
    _save(learner_client, first_language="ti")
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert 'class="translation"' not in page


def test_the_norwegian_glossary_is_translated_into_the_four_required_languages(real_courses):
    course = db.session.scalar(sa.select(Course).where(Course.slug == "dette-ma-jeg-kunne"))
    translated = [entry for entry in course.glossary if entry["translations"]]
    for entry in translated:
        assert {"en", "pl", "ar", "so"} <= set(entry["translations"]), entry["term"]
    # A term added later may wait for its translations; most terms have them.
    assert len(translated) >= 0.9 * len(course.glossary)


def test_text_size_and_spacing_are_remembered_per_user(real_courses, learner_client):
    page = learner_client.get("/account/reading").get_data(as_text=True)
    assert '<html lang="nb">' in page
    response = _save(learner_client, text_size="larger", line_spacing="wide", next=MODULE)
    assert response.status_code == 302 and response.headers["Location"] == MODULE
    assert (_user().text_size, _user().line_spacing) == ("larger", "wide")
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert '<html lang="nb" class="text-larger spacing-wide">' in page
    # The form shows the saved choices.
    page = learner_client.get("/account/reading").get_data(as_text=True)
    assert re.search(r'<input checked id="text_size-2"[^>]*value="larger"', page)

    _save(learner_client)  # back to normal
    assert (_user().text_size, _user().line_spacing) == (None, None)
    assert '<html lang="nb">' in learner_client.get(MODULE).get_data(as_text=True)


@pytest.mark.parametrize(
    "values", [{"text_size": "huge"}, {"line_spacing": "0"}, {"first_language": "xx"}]
)
def test_bad_values_are_refused_and_change_nothing(learner_client, values):
    _save(learner_client, first_language="pl", text_size="large")
    response = _save(learner_client, **values)
    assert response.status_code == 200  # the form again, with its error
    assert '<p class="error"' in response.get_data(as_text=True)
    assert "Ikke et gyldig valg" in response.get_data(as_text=True)
    assert (_user().first_language, _user().text_size) == ("pl", "large")


def test_the_next_target_stays_on_this_site(learner_client):
    response = _save(learner_client, next="https://evil.example/")
    assert response.headers["Location"] == "/account/reading"


def test_validator_checks_translation_language_codes(tmp_path):
    glossary = (
        "- term: avvik\n"
        "  explanation: Noe som gikk galt.\n"
        "  translations: {en: deviation, xx: nope, ar: خلل}\n"
        "- term: demens\n"
        "  explanation: En sykdom.\n"
        "  translations: [en, pl]\n"
        "- term: dosett\n"
        "  explanation: En eske.\n"
        "  translations:\n"
        "    pl: 12\n"
        "    en: a box with a room for each day and each time of day when you take a pill\n"
    )
    result = load(tmp_path, {"glossary.yml": glossary})
    found = messages(result)
    assert found[0].startswith("demo/glossary.yml:3: unknown language code 'xx' in translations;")
    assert "ar, de, en" in found[0]
    assert found[1:] == [
        "demo/glossary.yml:6: 'translations' must be a mapping of language code to word, "
        "like 'en: deviation', not a list",
        "demo/glossary.yml:10: the 'pl' translation must be text, not a number",
        "demo/glossary.yml:11: warning: the 'en' translation is 72 characters; keep it to the "
        "word itself (at most 60)",
    ]


def test_valid_translations_are_kept_in_order(tmp_path):
    glossary = "- term: avvik\n  explanation: Noe.\n  translations: {so: khalad, ar: خلل}\n"
    result = load(tmp_path, {"glossary.yml": glossary})
    assert result.ok
    assert result.spec.glossary[0].translations == (("so", "khalad"), ("ar", "خلل"))
