"""Checking the YAML parts of a course: ``course.yml``, module front matter, ``glossary.yml``.

Each checker takes a parsed ``YamlFile`` and a ``Report``, records every problem it finds
(it never stops at the first) and returns the values that were valid.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import yaml

from lms.content.first_languages import FIRST_LANGUAGES
from lms.content.glossary import slugify
from lms.content.model import SHOW_ANSWERS, GlossaryEntry
from lms.content.report import Report
from lms.content.tier_rules import TIERS
from lms.content.yamlfile import Entry, YamlFile, is_bool, is_int, is_null, is_text, kind

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# BCP 47 in practice: language, optional script, optional region, variants, private use.
LANGUAGE_PATTERN = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-x(-[A-Za-z0-9]{1,8})+)?$"
)
DEFAULT_PASS = 80
#: Tier keys as Norwegian and Swedish authors spell them, and the canonical key each means.
TIER_ALIASES = {"fordypning": "fordjupning", "fördjupning": "fordjupning", "spiss": "spets"}

COURSE_KEYS = (
    "id",
    "title",
    "language",
    "summary",
    "audience",
    "version",
    "tiers",
    "show_answers",
    "shuffle_options",
)
TIER_KEYS = ("modules", "meetings")
MODULE_KEYS = ("id", "title", "tier", "minutes", "order", "objectives", "pass")
GLOSSARY_KEYS = ("term", "forms", "explanation", "translations")
# A translation names the word, it does not explain it: longer ones get a warning.
TRANSLATION_MAX = 60


@dataclass(frozen=True)
class TierSetting:
    """A tier as ``course.yml`` states it; ``modules`` None means "all"."""

    tier: str
    modules: int | None
    meetings: int
    modules_line: int


@dataclass(frozen=True)
class CourseSettings:
    """The valid values of ``course.yml``; a field is None when it was missing or wrong."""

    id: str | None
    id_line: int
    title: str | None
    language: str | None
    summary: str | None
    audience: str | None
    version: str | None
    tiers: tuple[TierSetting, ...]
    show_answers: str = SHOW_ANSWERS[0]
    shuffle_options: bool = True


@dataclass(frozen=True)
class ModuleMeta:
    """The valid values of a module's front matter; a field is None when missing or wrong."""

    id: str | None
    id_line: int
    title: str | None
    tier: str | None
    minutes: int | None
    order: int | None
    objectives: tuple[str, ...]
    pass_percent: int


def check_course_settings(doc: YamlFile, report: Report) -> CourseSettings:
    """Check ``course.yml``: required keys, types, id, language, version and tiers."""
    fields = _mapping_fields(doc, doc.root, report, COURSE_KEYS, "course.yml")
    course_id = _slug(doc, fields, "id", report)
    language = _text(doc, fields, "language", report)
    if language is not None and not LANGUAGE_PATTERN.match(language):
        report.error(
            fields["language"].line,
            f"'language' must be a BCP 47 tag such as nb, nn, sv or en, got '{language}'",
        )
        language = None
    tiers_entry = fields.get("tiers")
    return CourseSettings(
        id=course_id,
        id_line=fields["id"].line if "id" in fields else 1,
        title=_text(doc, fields, "title", report),
        language=language,
        summary=_text(doc, fields, "summary", report),
        audience=_text(doc, fields, "audience", report, required=False),
        version=_version(fields, report),
        tiers=_tiers(doc, tiers_entry, report) if tiers_entry else (),
        show_answers=_show_answers(doc, fields, report),
        shuffle_options=_boolean(doc, fields, "shuffle_options", report, default=True),
    )


def check_module_meta(doc: YamlFile, report: Report) -> ModuleMeta:
    """Check a module's front matter: id, title, tier, minutes, objectives, pass, order."""
    fields = _mapping_fields(doc, doc.root, report, MODULE_KEYS, "front matter")
    tier = _text(doc, fields, "tier", report)
    if tier is not None:
        written, tier = tier, canonical_tier(tier)
        if tier is None:
            report.error(fields["tier"].line, _unknown_tier(written))
    pass_percent = _integer(doc, fields, "pass", report, 0, 100, required=False)
    return ModuleMeta(
        id=_slug(doc, fields, "id", report),
        id_line=fields["id"].line if "id" in fields else 1,
        title=_text(doc, fields, "title", report),
        tier=tier,
        minutes=_integer(doc, fields, "minutes", report, 1, 600),
        order=_integer(doc, fields, "order", report, None, None, required=False),
        objectives=_objectives(doc, fields, report),
        pass_percent=DEFAULT_PASS if pass_percent is None else pass_percent,
    )


def check_glossary(doc: YamlFile, report: Report) -> tuple[GlossaryEntry, ...]:
    """Check ``glossary.yml``: a list of ``term``, ``explanation`` and optional ``forms``."""
    root = doc.root
    if root is None or is_null(root):
        return ()
    if not isinstance(root, yaml.SequenceNode):
        report.error(doc.line(root), f"glossary.yml must be a list of terms, not {kind(root)}")
        return ()
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}  # every term and form, folded, to the line that claimed it
    slugs: set[str] = set()
    for item in root.value:
        line = doc.line(item)
        if not isinstance(item, yaml.MappingNode):
            report.error(line, f"a glossary entry must be a mapping with 'term' and "
                         f"'explanation', not {kind(item)}")  # fmt: skip
            continue
        fields = _mapping_fields(doc, item, report, GLOSSARY_KEYS, "glossary entry")
        term = _text(doc, fields, "term", report, missing_line=line)
        explanation = _text(doc, fields, "explanation", report, missing_line=line)
        forms = _text_list(doc, fields, "forms", report)
        translations = _translations(doc, fields, report)
        if term is None or explanation is None:
            continue
        if term.casefold() in seen:
            report.error(
                line, f"term '{term}' is already in the glossary (line {seen[term.casefold()]})"
            )
            continue
        seen[term.casefold()] = line
        unique_forms = []
        for form in forms:
            if form.casefold() in seen:
                if form.casefold() != term.casefold():
                    report.warning(
                        fields["forms"].line,
                        f"form '{form}' is already used on line {seen[form.casefold()]}",
                    )
                continue
            seen[form.casefold()] = line
            unique_forms.append(form)
        slug = _unique_slug(slugify(term) or f"term-{len(entries) + 1}", slugs)
        entries.append(GlossaryEntry(term, tuple(unique_forms), explanation, slug, translations))
    return tuple(entries)


def _translations(
    doc: YamlFile, fields: dict[str, Entry], report: Report
) -> tuple[tuple[str, str], ...]:
    """Check a glossary entry's ``translations``: language code -> the term in that language."""
    entry = fields.get("translations")
    if entry is None or is_null(entry.node):
        return ()
    if not isinstance(entry.node, yaml.MappingNode):
        report.error(
            entry.line,
            f"'translations' must be a mapping of language code to word, like 'en: deviation', "
            f"not {kind(entry.node)}",
        )
        return ()
    found: dict[str, str] = {}
    for item in doc.entries(entry.node):
        code = item.key
        if code not in FIRST_LANGUAGES:
            report.error(
                item.line,
                f"unknown language code '{code}' in translations; use one of "
                f"{', '.join(sorted(FIRST_LANGUAGES))}",
            )
            continue
        if code in found:
            report.error(item.line, f"duplicate translation for '{code}'")
            continue
        if not is_text(item.node) or not str(doc.value(item.node)).strip():
            report.error(item.line, f"the '{code}' translation must be text, not {kind(item.node)}")
            continue
        word = str(doc.value(item.node)).strip()
        if len(word) > TRANSLATION_MAX:
            report.warning(
                item.line,
                f"the '{code}' translation is {len(word)} characters; keep it to the word "
                f"itself (at most {TRANSLATION_MAX})",
            )
        found[code] = word
    return tuple(found.items())


def _unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _mapping_fields(
    doc: YamlFile,
    node: yaml.Node | None,
    report: Report,
    known: tuple[str, ...],
    what: str,
) -> dict[str, Entry]:
    """Return a mapping's entries by key; report duplicates (error) and unknown keys."""
    if node is None or is_null(node):
        return {}  # every required key is then reported missing
    if not isinstance(node, yaml.MappingNode):
        report.error(doc.line(node), f"{what} must be a mapping of 'key: value' lines, "
                     f"not {kind(node)}")  # fmt: skip
        return {}
    fields: dict[str, Entry] = {}
    for entry in doc.entries(node):
        if entry.key in fields:
            report.error(
                entry.line, f"duplicate key '{entry.key}' (first on line {fields[entry.key].line})"
            )
            continue
        fields[entry.key] = entry
        if entry.key not in known:
            report.warning(entry.line, f"unknown key '{entry.key}' is ignored")
    return fields


def _shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode) and not is_null(node):
        return f"'{node.value}'"
    return kind(node)


def _text(
    doc: YamlFile,
    fields: dict[str, Entry],
    key: str,
    report: Report,
    required: bool = True,
    missing_line: int = 1,
) -> str | None:
    entry = fields.get(key)
    if entry is None:
        if required:
            report.error(missing_line, f"missing required key '{key}'")
        return None
    if not is_text(entry.node):
        if is_null(entry.node) or not isinstance(entry.node, yaml.ScalarNode):
            report.error(entry.line, f"'{key}' must be text, not {kind(entry.node)}")
        else:
            report.error(
                entry.line, f"'{key}' must be text, not {kind(entry.node)}; put it in quotes"
            )
        return None
    value = str(doc.value(entry.node)).strip()
    if not value:
        report.error(entry.line, f"'{key}' is empty")
        return None
    return value


def _slug(doc: YamlFile, fields: dict[str, Entry], key: str, report: Report) -> str | None:
    value = _text(doc, fields, key, report)
    if value is not None and not ID_PATTERN.match(value):
        report.error(
            fields[key].line,
            f"'{key}' must be lower-case letters, digits and single hyphens "
            f"(like 'taushetsplikt' or 'del-2'), got '{value}'",
        )
        return None
    return value


def _integer(
    doc: YamlFile,
    fields: dict[str, Entry],
    key: str,
    report: Report,
    low: int | None,
    high: int | None,
    required: bool = True,
) -> int | None:
    entry = fields.get(key)
    if entry is None:
        if required:
            report.error(1, f"missing required key '{key}'")
        return None
    span = _span(low, high)
    if not is_int(entry.node):
        report.error(entry.line, f"'{key}' must be a whole number{span}, got {_shown(entry.node)}")
        return None
    value = int(doc.value(entry.node))
    if (low is not None and value < low) or (high is not None and value > high):
        report.error(entry.line, f"'{key}' must be a whole number{span}, got {value}")
        return None
    return value


def _show_answers(doc: YamlFile, fields: dict[str, Entry], report: Report) -> str:
    value = _text(doc, fields, "show_answers", report, required=False)
    if value is None:
        return SHOW_ANSWERS[0]
    if value not in SHOW_ANSWERS:
        report.error(
            fields["show_answers"].line,
            f"'show_answers' must be {' or '.join(SHOW_ANSWERS)}, got '{value}'",
        )
        return SHOW_ANSWERS[0]
    return value


def _boolean(
    doc: YamlFile, fields: dict[str, Entry], key: str, report: Report, *, default: bool
) -> bool:
    entry = fields.get(key)
    if entry is None:
        return default
    if not is_bool(entry.node):
        report.error(entry.line, f"'{key}' must be true or false, got {_shown(entry.node)}")
        return default
    return bool(doc.value(entry.node))


def _span(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    return ""


def _text_list(doc: YamlFile, fields: dict[str, Entry], key: str, report: Report) -> list[str]:
    entry = fields.get(key)
    if entry is None or is_null(entry.node):
        return []
    if not isinstance(entry.node, yaml.SequenceNode):
        report.error(entry.line, f"'{key}' must be a list, like [one, two], not {kind(entry.node)}")
        return []
    values = []
    for item in entry.node.value:
        if not is_text(item) or not str(doc.value(item)).strip():
            report.error(doc.line(item), f"each item of '{key}' must be text, got {_shown(item)}")
            continue
        values.append(str(doc.value(item)).strip())
    return values


def _objectives(doc: YamlFile, fields: dict[str, Entry], report: Report) -> tuple[str, ...]:
    entry = fields.get("objectives")
    if entry is None:
        report.error(1, "missing required key 'objectives'")
        return ()
    if not isinstance(entry.node, yaml.SequenceNode):
        report.error(
            entry.line,
            f"'objectives' must be a list of '- ' lines, not {kind(entry.node)}",
        )
        return ()
    objectives = _text_list(doc, fields, "objectives", report)
    if not entry.node.value:
        report.error(entry.line, "'objectives' needs at least one objective")
    return tuple(objectives)


def _version(fields: dict[str, Entry], report: Report) -> str | None:
    entry = fields.get("version")
    if entry is None or is_null(entry.node):
        return None
    if not is_text(entry.node):
        if isinstance(entry.node, yaml.ScalarNode):
            report.error(
                entry.line,
                f"'version' must be a string; quote it: version: \"{entry.node.value}\"",
            )
        else:
            report.error(entry.line, f"'version' must be a string, not {kind(entry.node)}")
        return None
    return str(entry.node.value).strip() or None


def canonical_tier(key: str) -> str | None:
    """The canonical tier key for ``key`` or one of its aliases, else None."""
    key = key.strip()
    if key in TIERS:
        return key
    return TIER_ALIASES.get(key.casefold())


def _unknown_tier(key: str) -> str:
    """The message for an unknown tier key, with the nearest known key when one is close."""
    known = (*TIERS, *TIER_ALIASES)
    near = difflib.get_close_matches(key.casefold(), known, n=1, cutoff=0.7)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown tier '{key}' ({_tier_choices()}){hint}"


def _tier_choices() -> str:
    return "expected " + ", ".join(TIERS[:-1]) + " or " + TIERS[-1]


def _tiers(doc: YamlFile, tiers_entry: Entry, report: Report) -> tuple[TierSetting, ...]:
    node = tiers_entry.node
    if is_null(node):
        return ()
    if not isinstance(node, yaml.MappingNode):
        report.error(tiers_entry.line, f"'tiers' must be a mapping of tiers, not {kind(node)}")
        return ()
    settings: list[TierSetting] = []
    seen: dict[str, int] = {}
    for entry in doc.entries(node):
        tier = canonical_tier(entry.key)
        if tier is None:
            report.error(entry.line, _unknown_tier(entry.key))
            continue
        if tier in seen:
            report.error(entry.line, f"duplicate tier '{entry.key}' (first on line {seen[tier]})")
            continue
        seen[tier] = entry.line
        setting = _tier_setting(doc, entry, tier, report)
        if setting is not None:
            settings.append(setting)
    listed = list(seen)
    if listed != [t for t in TIERS if t in seen]:
        report.warning(tiers_entry.line, "list the tiers in the order " + ", ".join(TIERS))
    return tuple(settings)


def _tier_setting(
    doc: YamlFile, tier_entry: Entry, tier: str, report: Report
) -> TierSetting | None:
    if is_null(tier_entry.node):
        return TierSetting(tier, None, 0, tier_entry.line)
    fields = _mapping_fields(doc, tier_entry.node, report, TIER_KEYS, f"tier '{tier}'")
    if not isinstance(tier_entry.node, yaml.MappingNode):
        return None
    ok = True
    modules: int | None = None
    modules_line = tier_entry.line
    if "modules" in fields:
        entry = fields["modules"]
        modules_line = entry.line
        if is_text(entry.node) and entry.node.value == "all":
            modules = None
        elif is_int(entry.node) and int(doc.value(entry.node)) >= 1:
            modules = int(doc.value(entry.node))
        else:
            report.error(
                entry.line,
                f"'modules' must be 'all' or a whole number of at least 1, "
                f"got {_shown(entry.node)}",
            )
            ok = False
    meetings = _integer(doc, fields, "meetings", report, 0, None, required=False)
    if "meetings" in fields and meetings is None:
        ok = False
    if not ok:
        return None
    return TierSetting(tier, modules, meetings or 0, modules_line)
