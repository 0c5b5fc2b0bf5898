"""Glossary terms: anchor slugs, and marking a term's first use in a module's HTML."""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

from lms.content.model import GlossaryEntry

# Text inside these elements is never marked: headings, links, code and existing terms.
_SKIP = frozenset({"a", "code", "pre", "kbd", "abbr", "dfn", "h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"area", "br", "col", "hr", "img", "wbr", "input", "meta", "link", "source"})
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "þ": "th", "ð": "d"})


def slugify(term: str) -> str:
    """ASCII slug for anchors: "Pårørende" -> "parorende", "Melde avvik" -> "melde-avvik"."""
    ascii_text = unicodedata.normalize("NFKD", term.casefold().translate(_LETTERS))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def mark_terms(
    body_html: str, entries: tuple[GlossaryEntry, ...]
) -> tuple[str, tuple[GlossaryEntry, ...]]:
    """Link the first use of each glossary term in ``body_html`` to ``#term-<slug>``.

    Matching is case-insensitive on whole words, over the term and its forms, in text
    outside headings, links and code. ``body_html`` must already be sanitized; the
    inserted ``<a class="term">`` is built here with escaped text. Returns the new HTML
    and the entries that were marked, in order of first use.
    """
    if not entries or not body_html:
        return body_html, ()
    marker = _TermMarker(entries)
    marker.feed(body_html)
    marker.close()
    return "".join(marker.out), tuple(marker.used)


def _form_pattern(form: str) -> str:
    # Any run of spaces in a term matches any whitespace, since Markdown may wrap lines.
    return r"\s+".join(re.escape(part) for part in form.split())


class _TermMarker(HTMLParser):
    def __init__(self, entries: tuple[GlossaryEntry, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.remaining = list(entries)
        self.used: list[GlossaryEntry] = []
        self.out: list[str] = []
        self.stack: list[str] = []
        self._compile()

    def _compile(self) -> None:
        forms: list[tuple[str, GlossaryEntry]] = []
        for entry in self.remaining:
            for form in (entry.term, *entry.forms):
                if form.strip():
                    forms.append((form, entry))
        forms.sort(key=lambda pair: len(pair[0]), reverse=True)  # longest match wins
        self.entry_by_form = {" ".join(f.casefold().split()): e for f, e in forms}
        alternatives = "|".join(_form_pattern(f) for f, _ in forms)
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if forms else None
        )

    def _entry_for(self, matched: str) -> GlossaryEntry | None:
        folded = " ".join(matched.casefold().split())
        entry = self.entry_by_form.get(folded)
        if entry is not None:
            return entry
        for form, candidate in self.entry_by_form.items():  # case folds that change length
            if re.fullmatch(_form_pattern(form), matched, re.IGNORECASE):
                return candidate
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.pattern is None or any(tag in _SKIP for tag in self.stack):
            self.out.append(html.escape(data, quote=False))
            return
        position = 0
        while self.pattern is not None:
            match = self.pattern.search(data, position)
            if match is None:
                break
            entry = self._entry_for(match.group())
            self.out.append(html.escape(data[position : match.start()], quote=False))
            if entry is None:  # cannot happen with a consistent pattern; keep the text
                self.out.append(html.escape(match.group(), quote=False))
            else:
                self.out.append(
                    f'<a class="term" href="#term-{html.escape(entry.slug)}">'
                    f"{html.escape(match.group(), quote=False)}</a>"
                )
                self.used.append(entry)
                self.remaining.remove(entry)
                self._compile()
            position = match.end()
        self.out.append(html.escape(data[position:], quote=False))
