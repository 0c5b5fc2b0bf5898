"""The first languages a glossary may translate its terms into, and a learner may pick.

One list for the course validator, the account form and the pages. Names are written in
the language itself, so a learner finds their own language without reading Norwegian.
"""

from __future__ import annotations

# code (BCP 47) -> the language's name in that language
FIRST_LANGUAGES: dict[str, str] = {
    "ar": "العربية",
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fa": "فارسی",
    "fi": "Suomi",
    "fr": "Français",
    "lt": "Lietuvių",
    "pl": "Polski",
    "prs": "دری",
    "ro": "Română",
    "ru": "Русский",
    "so": "Soomaali",
    "th": "ไทย",
    "ti": "ትግርኛ",
    "tl": "Tagalog",
    "uk": "Українська",
    "ur": "اردو",
    "vi": "Tiếng Việt",
}
RIGHT_TO_LEFT = frozenset({"ar", "fa", "prs", "ur"})


def text_direction(code: str) -> str:
    """``rtl`` for languages written right to left, else ``ltr``."""
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"
