"""Starting files for a new course or module, which pass ``flask content check`` as written.

Plain text in, plain text out (no Flask): ``course_files`` and ``module_file`` return the
files to write; ``write_new`` writes them without ever replacing an existing file.
"""

from __future__ import annotations

import re
from pathlib import Path

from lms.content.load import COURSE_FILE, module_files
from lms.content.validate import ID_PATTERN

_TEXT = {
    "nb": {
        "summary": "Skriv her hva kurset handler om, i én eller to korte setninger.",
        "module_title": "Første modul",
        "objective": "Du vet hva denne modulen handler om.",
        "body": """\
Skriv teksten til modulen her. Bruk korte setninger og vanlige ord.
Mange som leser, har norsk som andrespråk. De leser ofte på mobilen, i en pause.

## Hva skal du gjøre?

- Skriv ett tema i hver modul.
- Forklar vanskelige ord, eller legg dem i ordlisten.
- Gi gjerne et eksempel fra en vanlig dag på jobben.

## Et eksempel

Kari jobber i hjemmetjenesten. Hun ser at en bruker har falt.
Hun spør om brukeren har vondt, og hun ringer til sykepleieren.
Så skriver hun hva som skjedde, slik at de andre vet det.

Når du er ferdig, kjør `flask content check` for å se om alt er i orden.
Se hvordan modulen ser ut med `flask content preview`.
""",
        "quiz": """\
? Hva gjør Kari først når hun ser at brukeren har falt?
- [x] Hun spør om brukeren har vondt
- [ ] Hun går videre til neste bruker
> Først sjekker du om brukeren er skadet. Så tilkaller du hjelp.

? Hvorfor skriver Kari hva som skjedde? Velg alle som passer.
- [x] Så de andre på jobben vet det
- [x] Så brukeren får riktig hjelp senere
- [ ] Fordi hun må skrive noe hver dag
> Det du skriver, hjelper de som jobber etter deg.
""",
        "reflect": "Tenk på en gang du måtte melde fra om noe på jobben. Hva gjorde du?",
    },
    "sv": {
        "summary": "Skriv här vad kursen handlar om, i en eller två korta meningar.",
        "module_title": "Första modulen",
        "objective": "Du vet vad den här modulen handlar om.",
        "body": """\
Skriv modulens text här. Använd korta meningar och vanliga ord.
Många som läser har svenska som andraspråk. De läser ofta i mobilen, på en rast.

## Vad ska du göra?

- Skriv ett tema i varje modul.
- Förklara svåra ord, eller lägg dem i ordlistan.
- Ge gärna ett exempel från en vanlig dag på jobbet.

## Ett exempel

Sara jobbar i hemtjänsten. Hon ser att en brukare har ramlat.
Hon frågar om brukaren har ont, och hon ringer till sjuksköterskan.
Sedan skriver hon vad som hände, så att de andra vet det.

När du är klar, kör `flask content check` för att se om allt är i ordning.
Se hur modulen ser ut med `flask content preview`.
""",
        "quiz": """\
? Vad gör Sara först när hon ser att brukaren har ramlat?
- [x] Hon frågar om brukaren har ont
- [ ] Hon går vidare till nästa brukare
> Först kollar du om brukaren är skadad. Sedan ringer du efter hjälp.

? Varför skriver Sara vad som hände? Välj alla som passar.
- [x] Så att de andra på jobbet vet det
- [x] Så att brukaren får rätt hjälp senare
- [ ] För att hon måste skriva något varje dag
> Det du skriver hjälper dem som jobbar efter dig.
""",
        "reflect": "Tänk på en gång du behövde säga till om något på jobbet. Vad gjorde du?",
    },
}


class ScaffoldError(ValueError):
    """The new course or module cannot be written; the message says why."""


def _text(language: str) -> dict[str, str]:
    return _TEXT["sv" if language.split("-")[0].lower() == "sv" else "nb"]


def _check_id(value: str, what: str) -> None:
    if not ID_PATTERN.match(value):
        raise ScaffoldError(
            f"{what} id '{value}' must be lower-case letters, digits and single hyphens, "
            "like 'taushetsplikt' or 'del-2'"
        )


def course_files(course_id: str, title: str, language: str) -> dict[str, str]:
    """``course.yml`` and a first module for a new course, keyed by file name."""
    _check_id(course_id, "course")
    text = _text(language)
    course_yml = (
        f"id: {course_id}\n"
        f"title: {_quoted(title)}\n"
        f"language: {language}\n"
        f"summary: {_quoted(text['summary'])}\n"
        'version: "1"\n'
        "tiers:\n"
        "  bas:\n"
        "    modules: all\n"
    )
    first = module_file("forste-modul", text["module_title"], language, order=1)
    return {COURSE_FILE: course_yml, "01-forste-modul.md": first}


def module_file(
    module_id: str, title: str, language: str, tier: str = "bas", order: int | None = None
) -> str:
    """A module with front matter, a short text, a two-question quiz and a reflection."""
    _check_id(module_id, "module")
    text = _text(language)
    order_line = f"order: {order}\n" if order is not None else ""
    return (
        "---\n"
        f"id: {module_id}\n"
        f"title: {_quoted(title)}\n"
        f"tier: {tier}\n"
        "minutes: 10\n"
        f"{order_line}"
        "objectives:\n"
        f"  - {_quoted(text['objective'])}\n"
        "---\n\n"
        f"# {title}\n\n"
        f"{text['body']}\n"
        f"```quiz\n{text['quiz']}```\n\n"
        f"```reflect\n{text['reflect']}\n```\n"
    )


def next_module_name(course_dir: Path, module_id: str) -> str:
    """``NN-id.md``, numbered after the course's existing modules."""
    numbers = [
        int(match.group(1))
        for path in module_files(course_dir)
        if (match := re.match(r"(\d+)-", path.name))
    ]
    number = max(numbers, default=len(module_files(course_dir))) + 1
    return f"{number:02d}-{module_id}.md"


def write_new(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write ``files`` into ``folder``; refuse (writing nothing) if any already exists."""
    targets = [folder / name for name in files]
    existing = [path for path in targets if path.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0]} already exists; nothing was written")
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in zip(targets, files.values(), strict=True):
        path.write_text(text, encoding="utf-8")
    return targets


def _quoted(text: str) -> str:
    """A YAML scalar for ``text``: plain when safe, else double-quoted."""
    plain = re.match(r"^[\w\sæøåäöÆØÅÄÖéÉ.,()!?-]+$", text) and not re.search(r":\s|\s#", text)
    special = re.match(r"^[-?!]|^(yes|no|true|false|null|on|off|~)$", text, re.IGNORECASE)
    if plain and not special:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
