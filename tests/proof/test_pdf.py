"""Tests for HTML → PDF rendering of certificates."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from lms.proof.pdf import html_to_pdf
from lms.proof.qr import qr_data_uri

NAME_LINE = "Kursbevis — Ærlig Øystein Åsen, fördjupning åäö"


def page_html(body: str, head: str = "") -> str:
    return f"""<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Kursbevis</title>{head}
<style>@page {{ size: A4 landscape; margin: 2cm }}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 14pt }}</style></head>
<body>{body}</body></html>"""


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    # Normalise whitespace only: line breaks depend on layout, the characters do not.
    return " ".join(" ".join(p.extract_text() for p in read(pdf).pages).split())


def embedded_font_files(pdf: bytes) -> list[str]:
    found = []
    for page in read(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            if descendants is not None:
                font = descendants[0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            found += [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
    return found


@pytest.fixture(scope="module", autouse=True)
def dejavu_installed(pdf_engine):
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        pytest.fail("fontconfig (fc-list) is missing; install libpango-1.0-0 libpangoft2-1.0-0")
    families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True).stdout
    if "DejaVu Sans" not in families:
        pytest.fail("DejaVu fonts are missing; apt-get install -y fonts-dejavu-core")


def test_norwegian_and_swedish_letters_survive():
    pdf = html_to_pdf(page_html(f"<h1>{NAME_LINE}</h1>"))
    assert NAME_LINE in text_of(pdf)


def test_fonts_are_embedded():
    pdf = html_to_pdf(page_html(f"<p>{NAME_LINE}</p>"))
    files = embedded_font_files(pdf)
    assert files, "no fonts in the PDF"
    assert set(files) <= {"/FontFile2", "/FontFile3"}
    assert len(files) == len(read(pdf).pages[0]["/Resources"]["/Font"])  # every font


def test_qr_data_uri_is_drawn_without_fetching(caplog):
    src = qr_data_uri("https://steg.example/verify/ABCDEFGHJKMNPQRS")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(page_html(f'<img src="{src}" alt="QR-kode" style="width:3cm">'))
    assert not caplog.records
    assert "/XObject" in read(pdf).pages[0]["/Resources"]


def test_stylesheet_inside_base_folder_is_used(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "cert.css").write_text('h1::after { content: " FRA-STILARK" }')
    head = '<link rel="stylesheet" href="css/cert.css">'
    assert "Kursbevis FRA-STILARK" in text_of(
        html_to_pdf(page_html("<h1>Kursbevis</h1>", head), base_url=static)
    )
    assert "Kursbevis FRA-STILARK" in text_of(
        html_to_pdf(page_html("<h1>Kursbevis</h1>", head), base_url=static.as_uri())
    )


@pytest.mark.parametrize(
    "href",
    ["../secret/evil.css", "file:///etc/passwd", "http://127.0.0.1:9/evil.css"],
    ids=["outside-base-folder", "absolute-file", "network"],
)
def test_other_resources_are_refused(tmp_path, caplog, href):
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "evil.css").write_text('h1::after { content: " LEKKET" }')
    head = f'<link rel="stylesheet" href="{href}">'
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = html_to_pdf(page_html("<h1>Kursbevis</h1>", head), base_url=static)
    assert "LEKKET" not in text_of(pdf)
    assert any("Failed to load stylesheet" in r.getMessage() for r in caplog.records)


def test_without_base_url_no_file_is_read(caplog):
    head = '<link rel="stylesheet" href="file:///etc/passwd">'
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        html_to_pdf(page_html("<h1>Kursbevis</h1>", head))
    assert any("outside the base folder" in r.getMessage() for r in caplog.records)
