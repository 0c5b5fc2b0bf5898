"""Every UI string the code uses has a finished Norwegian and Swedish translation.

The msgids are extracted from the code with Babel's own extractor and babel.cfg, the same
way ``pybabel extract`` does, so a string added anywhere under lms/ without an nb or sv
entry (or with a fuzzy one) fails here, naming the string.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parent.parent
CATALOGS = REPO / "lms" / "translations"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}


@functools.cache
def used_msgids() -> frozenset[str]:
    """The msgids (singular) the code under lms/ asks for."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return frozenset(found)


def catalog(language: str) -> Catalog:
    with (CATALOGS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po)


def problems(cat: Catalog, msgids: frozenset[str]) -> list[str]:
    """Each msgid that is missing, untranslated or fuzzy in ``cat``, said plainly."""
    found = []
    for msgid in sorted(msgids):
        message = cat.get(msgid)
        strings = (message.string,) if message is not None else ()
        if strings and isinstance(strings[0], tuple | list):
            strings = tuple(strings[0])
        if message is None:
            found.append(f"missing: {msgid!r}")
        elif message.fuzzy:
            found.append(f"fuzzy: {msgid!r}")
        elif not all(strings):
            found.append(f"untranslated: {msgid!r}")
    return found


def test_the_extractor_finds_the_ui_strings():
    msgids = used_msgids()
    # One string from Python (lazy), one from a template, one plural: the extraction works.
    assert "Not started" in msgids
    assert "Skip to content" in msgids
    assert "%(num)s hour" in msgids


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_every_ui_string_is_translated(language):
    assert problems(catalog(language), used_msgids()) == []


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_catalog_has_no_duplicate_msgids(language):
    text = (CATALOGS / language / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    ids = [line for line in text.splitlines() if line.startswith('msgid "') and line != 'msgid ""']
    assert len(ids) == len(set(ids))


def test_a_missing_fuzzy_or_empty_translation_is_caught():
    """The check itself fails on each kind of gap (so a passing run means something)."""
    cat = Catalog(locale="nb")
    cat.add("Done", "Ferdig")
    cat.add("Empty", "")
    cat.add("Unsure", "Usikker", flags=["fuzzy"])
    cat.add(("One file", "%(num)s files"), ("Én fil", ""))
    found = problems(cat, frozenset({"Done", "Empty", "Unsure", "One file", "Absent"}))
    assert found == [
        "missing: 'Absent'",
        "untranslated: 'Empty'",
        "untranslated: 'One file'",
        "fuzzy: 'Unsure'",
    ]


# Words a second-language reader stumbles on; each has a plain sentence in the catalog.
JARGON = {
    "nb": ("Kontrollkode", "Feilkode", "Skjemaet er utløpt", "forespørsel"),
    "sv": ("Kontrollkod", "Felkod", "Formuläret har gått ut", "begäran"),
}


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_ui_strings_use_plain_words(language):
    cat = catalog(language)
    found = []
    for msgid in used_msgids():
        message = cat.get(msgid)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [(msgid, word) for word in JARGON[language] for s in strings if word in s]
    assert found == []
    # "enhet" is the workplace unit only; the phone or PC is called that.
    assert "enhet" not in cat.get("Keep me signed in on this device").string


def test_role_names_are_never_shown_raw(admin_client, make_user):
    from lms.i18n import ROLE_LABELS
    from lms.models import ROLES

    assert set(ROLE_LABELS) == set(ROLES)  # every role has plain words
    make_user("ola", "learner", "supervisor")
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Ansatt (tar kurs), Leder (følger en enhet)" in page
    assert ">learner<" not in page and "learner, supervisor" not in page
