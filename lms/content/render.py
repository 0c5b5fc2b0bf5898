"""Markdown to safe HTML: Python-Markdown, CommonMark code fences, then an nh3 allow-list.

Every URL in ``a[href]`` and ``img[src]`` goes through a ``LinkResolver``; URLs with a
scheme other than http, https or mailto are dropped and reported as warnings.
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from lms.content.fences import find_fences
from lms.content.links import ALLOWED_SCHEMES, LinkResolver, describe, shown_url, url_scheme

BLOCK_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "dl", "dt", "dd",
     "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
     "pre", "blockquote", "hr"}
)  # fmt: skip
INLINE_TAGS = frozenset(
    {"a", "img", "em", "strong", "code", "br", "dfn", "abbr", "del", "s", "sub", "sup", "kbd",
     "span", "bdi"}
)  # fmt: skip
ATTRIBUTES = {
    # Any element may say what language its text is in and which way it runs (WCAG 3.1.2).
    "*": {"lang", "dir"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "code": {"class"},
}
# Dropped together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
     "select", "svg", "math"}
)  # fmt: skip
EXTERNAL_REL = "noopener noreferrer"

_CODE_CLASS = re.compile(r"^language-[A-Za-z0-9_+\-]+$")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# nh3 escapes ">" inside attribute values, so a start tag ends at the first ">".
_A_START_TAG = re.compile(r"<a\s[^>]*>")
_EXTERNAL_HREF = re.compile(r'\shref="(?:https?:|//)', re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>")
# nh3 writes attributes as name="value" and escapes quotes inside values.
_IMG_WITHOUT_ALT = re.compile(r'<img(?![^>]*\salt=")([^>]*)>')
_WIDE_TAG = re.compile(r"<(/?)(table|pre)(?=[\s>])[^>]*>")
# Names of the scrolling boxes around tables and code, in the course's language.
SCROLL_BOX_LABELS = {
    "nb": {"table": "Tabell", "pre": "Kodeeksempel"},
    "nn": {"table": "Tabell", "pre": "Kodeeksempel"},
    "sv": {"table": "Tabell", "pre": "Kodexempel"},
    "en": {"table": "Table", "pre": "Code example"},
}
_converters = threading.local()


def render_block(text: str, first_line: int, links: LinkResolver) -> str:
    """Render Markdown ``text`` (file lines from ``first_line``) to sanitized block HTML."""
    return _render(text, first_line, links, BLOCK_TAGS | INLINE_TAGS)


def render_inline(text: str, first_line: int, links: LinkResolver) -> str:
    """Render a short Markdown text to sanitized inline HTML, without a wrapping ``<p>``.

    Paragraph breaks become ``<br>``; block elements (lists, headings) keep only their text.
    """
    return _render(text, first_line, links, INLINE_TAGS, inline=True)


def _render(
    text: str, first_line: int, links: LinkResolver, tags: frozenset[str], inline: bool = False
) -> str:
    raw = _markdown().convert(text).strip()
    if inline:
        raw = _PARAGRAPH_BREAK.sub("<br>", raw)
    lines = text.split("\n")
    _report_bad_schemes(raw, _Locator(lines, first_line), links)
    locator = _Locator(lines, first_line)

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in (("a", "href"), ("img", "src")):
            try:
                return links.rewrite(tag, value, locator.line_of(value))
            except Exception as exc:  # nh3 would only print it; drop the URL and say so
                links.report.error(
                    first_line, f"could not check {describe(tag)} '{shown_url(value)}': {exc!r}"
                )
                return None
        if attribute == "class":
            return value if tag == "code" and _CODE_CLASS.match(value) else None
        if attribute == "lang":
            return value if _LANG_TAG.match(value) else None
        if attribute == "dir":
            return value if value in ("ltr", "rtl", "auto") else None
        return value

    clean = nh3.clean(
        raw,
        tags=set(tags),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={
            tag: set(names) for tag, names in ATTRIBUTES.items() if tag in tags or tag == "*"
        },
        url_schemes=set(ALLOWED_SCHEMES),
        attribute_filter=keep_attribute,
        link_rel=None,
        strip_comments=True,
    )
    clean = _A_START_TAG.sub(_add_rel, clean)
    return _give_images_alt(clean).strip()


def _give_images_alt(clean_html: str) -> str:
    """Give every ``<img>`` without ``alt`` an empty one, so it is read as decorative.

    Without an ``alt`` attribute a screen reader reads out the file name instead.
    """
    return _IMG_WITHOUT_ALT.sub(r'<img alt=""\1>', clean_html)


def add_scroll_boxes(body_html: str, language: str) -> str:
    """Put each table and code block of sanitized ``body_html`` in its own scrolling box.

    A wide table or a long code line then scrolls inside its box instead of widening the
    page (WCAG 1.4.10), and the box is focusable and named so a keyboard user can reach
    and scroll it (2.1.1). Names are numbered per kind, in the course's ``language``.
    """
    labels = SCROLL_BOX_LABELS.get(language) or SCROLL_BOX_LABELS.get(
        language.split("-")[0].lower(), SCROLL_BOX_LABELS["en"]
    )
    counts: Counter[str] = Counter()
    out: list[str] = []
    position = 0
    depth = 0  # only outermost tables and code blocks get a box
    for tag in _WIDE_TAG.finditer(body_html):
        closing, kind = tag.group(1) == "/", tag.group(2)
        if not closing:
            if depth == 0:
                counts[kind] += 1
                label = html.escape(f"{labels[kind]} {counts[kind]}")
                out.append(body_html[position : tag.start()])
                out.append(
                    f'<div class="scroll-box scroll-{kind}" role="region" tabindex="0" '
                    f'aria-label="{label}">'
                )
                position = tag.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                out.append(body_html[position : tag.end()] + "</div>")
                position = tag.end()
    out.append(body_html[position:])
    if depth:  # unbalanced (cannot happen after nh3): close the box at the end
        out.append("</div>")
    return "".join(out)


def _add_rel(match: re.Match[str]) -> str:
    tag = match.group(0)
    if not _EXTERNAL_HREF.search(tag):
        return tag
    return f'{tag[:-1]} rel="{EXTERNAL_REL}">'


def _report_bad_schemes(raw_html: str, locator: _Locator, links: LinkResolver) -> None:
    for tag, url in _urls(raw_html):
        scheme = url_scheme(url)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            shown = shown_url(url, limit=40)
            links.report.warning(
                locator.line_of(url),
                f"{describe(tag)} '{shown}' removed: the '{scheme}:' scheme is not allowed "
                "(use http, https or mailto)",
            )


class _Locator:
    """Finds the file line where a URL was written, taking repeated URLs in order."""

    def __init__(self, lines: Sequence[str], first_line: int) -> None:
        searchable = [html.unescape(line) for line in lines]  # as the HTML parser saw them
        for fence in find_fences(lines):  # a URL shown in a code sample is not a link
            for index in range(fence.start, min(fence.end + 1, len(searchable))):
                searchable[index] = ""
        self.lines = searchable
        self.first_line = first_line
        self.seen: Counter[str] = Counter()

    def line_of(self, url: str) -> int:
        """The line of the next not yet located use of ``url`` (the first line if unseen)."""
        # Where a URL is written: href="url", src=url, [text](url), [ref]: <url>, <url>.
        written = re.compile(
            r"""(?:(?<![\w:-])(?:href|src)\s*=\s*["']?|\]\(\s*<?|\]:[ \t]*<?|<)"""
            + re.escape(url)
            + r"""(?=$|[\s)>"'}])"""
        )
        hits = self._hits(lambda line: len(written.findall(line))) if url else []
        if not hits and url:
            hits = self._hits(lambda line: line.count(url))
        nth = self.seen[url]
        self.seen[url] += 1
        if not hits:
            return self.first_line
        return hits[min(nth, len(hits) - 1)]

    def _hits(self, count: Callable[[str], int]) -> list[int]:
        return [
            self.first_line + index
            for index, line in enumerate(self.lines)
            for _ in range(count(line))
        ]


def _urls(raw_html: str) -> list[tuple[str, str]]:
    collector = _UrlCollector()
    collector.feed(raw_html)
    collector.close()
    return collector.urls


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.urls.append((tag, value))


class _CodeFences(Preprocessor):
    """Turns CommonMark fenced code blocks into stashed ``<pre><code>`` HTML."""

    def run(self, lines: list[str]) -> list[str]:
        fences = find_fences(lines)
        if not fences:
            return lines
        out: list[str] = []
        position = 0
        for fence in fences:
            out.extend(lines[position : fence.start])
            language = re.sub(r"[^A-Za-z0-9_+\-]", "", fence.kind)
            css = f' class="language-{language}"' if language else ""
            code = "".join(f"{line}\n" for line in fence.content)
            stashed = self.md.htmlStash.store(f"<pre><code{css}>{html.escape(code)}</code></pre>")
            out.extend(["", stashed, ""])
            position = fence.end + 1
        out.extend(lines[position:])
        return out


class _CodeFenceExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After whitespace normalizing (30), before raw HTML blocks are stashed (20).
        md.preprocessors.register(_CodeFences(md), "commonmark_fences", 25)


def _markdown() -> markdown.Markdown:
    """A reset Markdown converter, one per thread (building one costs more than a render)."""
    converter: markdown.Markdown | None = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=["tables", "attr_list", "sane_lists", _CodeFenceExtension()],
            extension_configs={"tables": {"use_align_attribute": True}},
            output_format="html",
        )
        _converters.markdown = converter
    return converter.reset()
