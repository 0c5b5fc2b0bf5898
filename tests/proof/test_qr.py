"""Tests for the verification QR codes."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from lms.proof.qr import qr_data_uri, qr_svg

URL = "https://steg.example/verify/ABCD-EFGH-JKMN-PQRS"
SVG_NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    # Only ever our own segno output, so the stdlib parser's XML-bomb risk is moot.
    return ET.fromstring(svg)  # noqa: S314


def test_inline_svg_has_no_xml_declaration_and_is_accessible():
    svg = qr_svg(URL, title="QR-kode til verifisering")
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find("title").text == "QR-kode til verifisering"


def test_inline_svg_title_defaults_to_url_and_is_escaped():
    assert parse(qr_svg(URL)).find("title").text == URL
    svg = qr_svg(URL, title='<script>alert("x")</script> & co')
    assert "<script>" not in svg
    assert parse(svg).find("title").text == '<script>alert("x")</script> & co'


def test_data_uri_is_a_standalone_svg():
    uri = qr_data_uri(URL)
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    document = base64.b64decode(uri.removeprefix(prefix)).decode()
    assert not document.startswith("<?xml")
    root = parse(document)
    assert root.tag == f"{SVG_NS}svg"  # namespaced, as a file must be
    assert root.get("width") and root.get("height")  # intrinsic size for <img>


def test_same_url_gives_same_code_and_different_urls_differ():
    assert qr_svg(URL) == qr_svg(URL)
    assert qr_data_uri(URL) != qr_data_uri(URL + "X")


def test_never_a_micro_qr_code():
    # Short data would fit a Micro QR, which many phone cameras cannot read.
    svg = qr_svg("https://s.no/v/1", scale=1)
    width = int(parse(svg).get("width"))
    assert width >= 21 + 2 * 4  # version 1 QR (21 modules) plus the quiet zone


def test_empty_url_is_refused():
    with pytest.raises(ValueError):
        qr_svg("")
