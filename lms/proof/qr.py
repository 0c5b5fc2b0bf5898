"""QR codes pointing at a certificate's verification page, as SVG.

Always a full QR code (never a Micro QR, which many phone cameras cannot read), with
the standard four-module quiet zone and a white background so it scans from paper.
"""

from __future__ import annotations

import base64
import io

import segno

__all__ = ["qr_data_uri", "qr_svg"]

_COLOURS = {"dark": "#000", "light": "#fff"}


def qr_svg(url: str, *, title: str | None = None, scale: int = 4) -> str:
    """Return inline SVG markup (no XML declaration) encoding ``url``.

    The SVG carries ``role="img"`` and a ``<title>`` (``title``, default the URL) so
    screen readers announce it; pass a translated title such as "QR-kode til
    verifisering" when the page has one. The text is escaped, so the result is safe to
    mark as safe in a template. ``scale`` is the size of one module in pixels.
    """
    code = _make(url)
    svg = code.svg_inline(scale=scale, title=title if title is not None else url, **_COLOURS)
    # segno has no option for ARIA attributes; the root tag is always "<svg ".
    return svg.replace("<svg ", '<svg role="img" ', 1)


def qr_data_uri(url: str, *, scale: int = 4) -> str:
    """Return ``data:image/svg+xml;base64,...`` encoding ``url``, for an ``<img src>``.

    Meant for the PDF certificate, where WeasyPrint renders it without fetching
    anything; give the ``<img>`` its own ``alt`` text.
    """
    buffer = io.BytesIO()
    # A standalone SVG file needs the SVG namespace, unlike inline SVG in HTML.
    _make(url).save(buffer, kind="svg", xmldecl=False, svgns=True, scale=scale, **_COLOURS)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _make(url: str) -> segno.QRCode:
    if not url:
        raise ValueError("url must not be empty")
    # error="m" survives a smudge or fold; segno raises the level further when the
    # chosen version has room to spare.
    return segno.make_qr(url, error="m")
