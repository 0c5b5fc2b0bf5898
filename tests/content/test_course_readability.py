"""The repository's courses stay readable for second-language care workers.

LIX (läsbarhetsindex) = words per sentence + percent of words longer than six letters.
Under 30 reads as very easy text. Measured on each module's text without front matter;
quiz and reflection blocks are measured together with the prose as a second check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

COURSES = Path(__file__).resolve().parents[2] / "courses"
MODULES = sorted(
    p for p in COURSES.glob("*/*.md") if p.name != "README.md" and not p.name.startswith("_")
)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _body(text: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)


def _prose(body: str) -> str:
    return re.sub(r"```.*?```", "", body, flags=re.S)


def lix(text: str) -> tuple[int, float]:
    """Word count and LIX of Markdown text; a line without end punctuation ends a sentence."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not words
    text = re.sub(r"[#*|>`\[\]_]", " ", text)
    words = WORD.findall(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    stops = len(re.findall(r"[.!?:]+(?:\s|$)", text))
    stops += sum(1 for line in lines if not re.search(r"[.!?:]$", line))
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words), len(words) / max(stops, 1) + 100 * long_words / max(len(words), 1)


def test_lix_counts_words_sentences_and_long_words() -> None:
    words, score = lix("Jeg går hjem. Hun spiser frokost sammen med barnebarnet.")
    # 9 words, 2 sentences, 2 long words (frokost, barnebarnet): 9/2 + 100*2/9
    assert words == 9 and score == pytest.approx(4.5 + 200 / 9)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_module_is_plain_and_sized(path: Path) -> None:
    body = _body(path.read_text(encoding="utf-8"))
    words, prose_lix = lix(_prose(body))
    _, full_lix = lix(body)
    assert prose_lix < 30 and full_lix < 30, f"LIX {prose_lix:.1f} / {full_lix:.1f}"
    assert 350 <= words <= 600, f"{words} words of prose"
    quiz = re.search(r"```quiz\n(.*?)```", body, flags=re.S)
    questions = len(re.findall(r"^\? ", quiz.group(1), flags=re.M)) if quiz else 0
    assert 4 <= questions <= 5, f"{questions} quiz questions"
