"""The user interface's languages: one list, read by the config, forms, CLI and templates.

Pure data (no Flask), so ``config.py`` can read it too.
"""

from __future__ import annotations

#: Each UI language named in itself, in the order the language menu offers them.
LANGUAGE_NAMES: dict[str, str] = {"nb": "Norsk bokmål", "sv": "Svenska", "en": "English"}

#: The UI language codes (each needs a catalog under lms/translations/).
LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_NAMES)
