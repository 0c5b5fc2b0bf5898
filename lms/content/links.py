"""Resolving links and images in module text against the course folder.

A relative path must name a file inside the course folder. A module's ``.md`` file
becomes that module's id (a sibling URL of the module page); any other file becomes
``_files/<path>``, which the app serves from the course folder. URLs with a scheme are
kept only for http, https and mailto.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, unquote

from lms.content.report import Report

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
FILES_PREFIX = "_files/"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_BROWSER_IGNORED = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_CONTROL_AND_SPACE = "".join(map(chr, range(0x21)))  # and strip these from both ends
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def url_scheme(url: str) -> str | None:
    """The URL's scheme, lower-cased, as a browser would read it; None for a relative URL."""
    cleaned = _BROWSER_IGNORED.sub("", url).strip(_CONTROL_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def shown_url(url: str, limit: int = 60) -> str:
    """A URL as it can be printed in a message: control characters escaped, long ones cut."""
    shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", url.strip())
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def describe(tag: str) -> str:
    """What to call a URL in messages: "image" for ``img``, else "link"."""
    return "image" if tag == "img" else "link"


class LinkResolver:
    """Rewrites the relative URLs of one module and reports the ones that lead nowhere.

    ``module_ids`` maps each module file (resolved path) to its id, or None when its
    front matter is broken (links to it are then dropped without a second error).
    """

    def __init__(
        self,
        course_dir: Path,
        module_file: Path,
        module_ids: Mapping[Path, str | None],
        report: Report,
    ) -> None:
        self.course_dir = course_dir.resolve()
        self.base_dir = module_file.resolve().parent
        self.module_ids = module_ids
        self.report = report

    def rewrite(self, tag: str, url: str, line: int) -> str | None:
        """Return the URL to put in the page, or None to drop it (problem reported)."""
        try:
            return self._rewrite(tag, url, line)
        except (OSError, ValueError) as exc:  # a name the file system cannot take
            reason = exc.strerror if isinstance(exc, OSError) else None
            self.report.error(
                line,
                f"{describe(tag)} '{shown_url(url)}' is not a usable file name"
                + (f" ({reason.lower()})" if reason else ""),
            )
            return None

    def _rewrite(self, tag: str, url: str, line: int) -> str | None:
        if not url or url.startswith("#") or url.startswith("//") or url_scheme(url):
            return url
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
        suffix = f"#{fragment}" if fragment else ""
        if not path:
            return url
        what, shown = describe(tag), shown_url(url)
        if _CONTROL.search(unquote(path)):
            self.report.error(line, f"{what} '{shown}' has a control character in its path")
            return None
        if path.startswith("/"):
            self.report.error(
                line, f"{what} '{shown}' is an absolute path; write it relative to this file"
            )
            return None
        target = Path(os.path.normpath(self.base_dir / unquote(path)))
        if not target.is_relative_to(self.course_dir) or (
            target.exists() and not target.resolve().is_relative_to(self.course_dir)
        ):
            self.report.error(line, f"{what} '{shown}' points outside the course folder")
            return None
        target = target.resolve()
        if not target.is_file():
            relative = target.relative_to(self.course_dir).as_posix()
            self.report.error(
                line, f"{what} '{shown}' not found: no file '{shown_url(relative)}' in the course"
            )
            return None
        if tag == "a" and target in self.module_ids:
            module_id = self.module_ids[target]
            return None if module_id is None else module_id + suffix
        relative = target.relative_to(self.course_dir).as_posix()
        return FILES_PREFIX + quote(relative, safe="/") + suffix
