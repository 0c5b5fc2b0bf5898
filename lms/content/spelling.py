"""Spelling warnings for nb, nn and sv courses, from Debian's hunspell dictionaries.

The dictionaries (``hunspell-no``, ``hunspell-sv``) are read by the pure-Python ``spylls``;
a course's ``words.txt`` lists its own words (care terms, names). Without a dictionary the
check is skipped with a note. Loaded only by ``flask content check --spelling``.
"""

from __future__ import annotations

import functools
import gc
import re
import warnings
from pathlib import Path

from lms.content.model import WARNING, Problem
from lms.content.source import decode
from lms.content.writing import WORD_PATTERN, ModuleText, WritingResult, WritingSettings, plain_text

#: A course's own words the dictionary does not know (care terms, names), one per line.
WORD_LIST_FILE = "words.txt"
#: hunspell dictionary names by course language; Debian's hunspell-no and hunspell-sv.
DICTIONARIES = {"nb": "nb_NO", "no": "nb_NO", "nn": "nn_NO", "sv": "sv_SE"}
DICTIONARY_PACKAGES = {"nb_NO": "hunspell-no", "nn_NO": "hunspell-no", "sv_SE": "hunspell-sv"}
_SHIPPED_WORDS = Path(__file__).parent / "words"  # words the Debian dictionaries lack


def dictionary_name(language: str | None) -> str | None:
    """The hunspell dictionary for a course language (``nb`` → ``nb_NO``), or None."""
    if not language:
        return None
    return DICTIONARIES.get(language.split("-")[0].lower())


@functools.lru_cache(maxsize=4)
def _dictionary(base: str):
    from spylls.hunspell import Dictionary  # loaded only when spelling is asked for

    # spylls leaves its file readers for the garbage collector to close; let it, quietly.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        dictionary = Dictionary.from_files(base)
        gc.collect()
    return dictionary


def _word_list(path: Path) -> set[str]:
    """The words of a word list file (one a line, ``#`` starts a comment), case-folded."""
    if not path.is_file():
        return set()
    words = set()
    for line in decode(path.read_bytes()).split("\n"):
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word.casefold())
    return words


def check_spelling(
    course_dir: Path,
    folder: str,
    language: str | None,
    modules: list[ModuleText],
    settings: WritingSettings,
    result: WritingResult,
) -> None:
    name = dictionary_name(language)
    if name is None:
        result.notes.append(f"{folder}: spelling not checked: no dictionary for '{language}'")
        return
    base = settings.dictionary_dir / name
    if not (base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file()):
        package = DICTIONARY_PACKAGES.get(name, "hunspell")
        result.notes.append(
            f"{folder}: spelling not checked: {base}.dic is missing (install {package})"
        )
        return
    dictionary = _dictionary(str(base))
    known = _word_list(course_dir / WORD_LIST_FILE) | _word_list(_SHIPPED_WORDS / f"{name[:2]}.txt")
    verdicts: dict[str, bool] = {}
    for module in modules:
        seen: set[str] = set()
        for line, text in sorted([*module.prose, *module.quiz_text]):
            unknown = []
            for word in WORD_PATTERN.findall(plain_text(text)):
                folded = word.casefold()
                if folded in seen or folded in known or len(word) < 2:
                    continue
                seen.add(folded)
                if word not in verdicts:
                    verdicts[word] = all(
                        dictionary.lookup(p) for p in re.split(r"[-'’]", word) if p
                    )
                if not verdicts[word]:
                    unknown.append(word)
            if unknown:
                result.problems.append(
                    Problem(
                        module.report.path,
                        line,
                        f"spelling: {', '.join(repr(w) for w in unknown)} not in the {name} "
                        f"dictionary; fix it, or add the word to {WORD_LIST_FILE} in the course",
                        WARNING,
                        "spelling",
                    )
                )
