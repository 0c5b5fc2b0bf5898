"""Language choice for the UI (Flask-Babel) and tier names in every language."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.content.tier_rules import TIERS
from lms.languages import LANGUAGE_NAMES

# Tier names per course language, in TIERS order: a tier added there without a name in
# every language fails here at import, not on a learner's page.
_TIER_WORDS = {
    "nb": ("Bas", "Fordypning", "Spiss"),
    "nn": ("Bas", "Fordjuping", "Spiss"),
    "sv": ("Bas", "Fördjupning", "Spets"),
    "en": ("Basic", "Advanced", "Expert"),
}
TIER_NAMES = {lang: dict(zip(TIERS, words, strict=True)) for lang, words in _TIER_WORDS.items()}


def select_locale() -> str:
    """The user's saved language, else the one chosen this session, else nb.

    A browser asking for Swedish (or any Norwegian) gets it; other browser languages
    get the default, Norwegian bokmål: English is offered, not assumed, since a phone
    set to English says little about what a care worker in Norway reads best.
    """
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    browser = request.accept_languages.best_match(BROWSER_LANGUAGES)
    return BROWSER_LANGUAGES.get(browser, current_app.config["BABEL_DEFAULT_LOCALE"])


# Browser language tags we follow, and the UI language each one gets.
BROWSER_LANGUAGES = {"nb": "nb", "no": "nb", "nn": "nb", "sv": "sv"}


def N_(message: str) -> str:
    """Mark ``message`` as a msgid for extraction; it is translated where it is shown."""
    return message


def tier_name(tier: str, language: str | None = None) -> str:
    """A tier key shown in a language (the raw key ``fordjupning`` is never shown)."""
    from flask_babel import get_locale

    lang = language or str(get_locale() or "nb")
    names = TIER_NAMES.get(lang) or TIER_NAMES.get(lang.split("-")[0]) or TIER_NAMES["en"]
    return names[tier]


def init_app(app: Flask) -> None:
    """Expose helpers to templates."""
    from flask_babel import format_date, format_datetime, get_locale

    app.jinja_env.globals.update(
        tier_name=tier_name,
        status_label=lambda status: str(STATUS_LABELS[status]),
        role_name=role_name,
        duration=duration,
        current_locale=lambda: str(get_locale() or "nb"),
        LANGUAGE_NAMES=LANGUAGE_NAMES,
    )
    app.jinja_env.filters["format_date"] = lambda value: format_date(value, "medium")
    app.jinja_env.filters["format_datetime"] = lambda value: format_datetime(value, "short")


# Roles in plain words (the stored keys `learner`, `supervisor` are never shown).
ROLE_LABELS = {
    "learner": _l("Staff member (takes courses)"),
    "supervisor": _l("Leader (follows a unit)"),
    "author": _l("Course author"),
    "admin": _l("Administrator"),
}


def role_name(role: str) -> str:
    """A role key in plain words in the UI language."""
    return str(ROLE_LABELS[role])


STATUS_LABELS = {
    "not_started": _l("Not started"),
    "started": _l("Started"),
    "passed": _l("Passed"),
}


def duration(minutes: int) -> str:
    """A time in plain words: "25 minutes", "1 hour", "2 hours and 5 minutes"."""
    from flask_babel import gettext, ngettext

    hours, rest = divmod(max(int(minutes or 0), 0), 60)
    minute_text = ngettext("%(num)s minute", "%(num)s minutes", rest)
    if not hours:
        return minute_text
    hour_text = ngettext("%(num)s hour", "%(num)s hours", hours)
    if not rest:
        return hour_text
    return gettext("%(hours)s and %(minutes)s", hours=hour_text, minutes=minute_text)
