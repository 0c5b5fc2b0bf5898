"""HTML to PDF for certificates, via WeasyPrint.

Rendering never touches the network. Certificate HTML should be self-contained:
inline CSS, images as ``data:`` URIs (see :func:`lms.proof.qr.qr_data_uri`), or files
under a local ``base_url`` folder such as the app's static folder. Fetching over HTTP
while rendering could reach internal services (the HTML holds learner-supplied text)
and would deadlock a single-worker server fetching from itself.
"""

from __future__ import annotations

import ctypes
import logging
from functools import cache
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urlsplit

__all__ = ["PDF_PACKAGES", "PdfUnavailable", "html_to_pdf", "load_weasyprint", "log_if_unavailable"]

# The Debian packages WeasyPrint needs on the machine; README and .ci/run list the same.
PDF_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core")
# The shared libraries WeasyPrint opens at import, and the package that ships each.
_LIBRARIES = {
    "libpango-1.0.so.0": "libpango-1.0-0",
    "libpangoft2-1.0.so.0": "libpangoft2-1.0-0",
}


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot be loaded on this machine: a system library is missing."""


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint, or raise :class:`PdfUnavailable` naming what to install.

    WeasyPrint opens Pango through cffi when it is imported; without the library that
    raises ``OSError``. It takes about a second, so callers load it on the first PDF.
    """
    try:
        import weasyprint
    except OSError as exc:
        raise PdfUnavailable(
            f"WeasyPrint cannot load a system library ({exc}); "
            f"install: apt-get install {' '.join(PDF_PACKAGES)}"
        ) from exc
    return weasyprint


def missing_libraries() -> list[str]:
    """The Debian packages whose shared library cannot be opened (cheap: dlopen only)."""
    missing = []
    for library, package in _LIBRARIES.items():
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append(package)
    return missing


_logged = False


def log_if_unavailable(logger: logging.Logger) -> None:
    """Say once per process, at start-up, that PDFs cannot be made here, and why."""
    global _logged
    missing = missing_libraries()
    if missing and not _logged:
        _logged = True
        logger.warning(
            "PDF certificates and transcripts are unavailable: missing %s "
            "(apt-get install %s). Everything else works.",
            ", ".join(missing),
            " ".join(PDF_PACKAGES),
        )


def html_to_pdf(html: str, base_url: str | Path | None = None) -> bytes:
    """Render ``html`` to PDF and return the bytes.

    ``base_url`` resolves relative links (stylesheets, images). It should be a local
    folder (path or ``file:`` URL); only files inside it, and ``data:`` URIs, are
    loaded. Anything else, including every http(s) URL, is refused: WeasyPrint logs
    an error on its ``weasyprint`` logger and renders without the resource.

    Fonts come from the system (fontconfig) and are embedded as subsets, so the PDF
    shows Æ Ø Å Ä Ö without the reader having the fonts; the machine needs a font
    with those glyphs, e.g. DejaVu (``fonts-dejavu-core``).
    """
    weasyprint = load_weasyprint()
    root, resolved_base = _local_base(base_url)
    document = weasyprint.HTML(
        string=html, base_url=resolved_base, url_fetcher=_local_only_fetcher()(root)
    )
    return document.write_pdf()


@cache
def _local_only_fetcher() -> type:
    """The fetcher class; built on first use because its base class needs WeasyPrint."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Fetch ``data:`` URIs, and ``file:`` URLs inside ``root``; refuse the rest."""

        def __init__(self, root: Path | None) -> None:
            super().__init__(allowed_protocols=("data", "file"))
            self._root = root

        def fetch(self, url, headers=None):
            if url.lower().startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if self._root is None or not path.is_relative_to(self._root):
                    raise ValueError(f"refusing to read a file outside the base folder: {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def _local_base(base_url: str | Path | None) -> tuple[Path | None, str | None]:
    """Return the folder files may be read from, and the base URL to give WeasyPrint."""
    if base_url is None:
        return None, None
    if isinstance(base_url, Path):
        path = base_url
    else:
        parts = urlsplit(base_url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path))
        elif parts.scheme == "" or len(parts.scheme) == 1:  # plain or Windows-style path
            path = Path(base_url)
        else:
            return None, base_url  # remote: relative links resolve there and are refused
    path = path.resolve()
    if path.is_dir():
        # The trailing slash makes "css/cert.css" resolve inside the folder, not beside it.
        return path, path.as_uri() + "/"
    # A base naming a file (".../certificate.html") allows the file's folder.
    return path.parent, path.as_uri()
