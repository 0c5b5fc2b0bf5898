"""Without WeasyPrint's system libraries the site works; PDF links answer 503, clearly."""

from __future__ import annotations

import importlib.abc
import logging
import sys

import pytest

from config import TestingConfig
from lms import create_app
from lms.proof import pdf
from tests.proof.test_proof import bas_award  # noqa: F401  (fixture)


class _NoPango(importlib.abc.MetaPathFinder):
    """Make ``import weasyprint`` fail as it does when Pango is missing (cffi's OSError)."""

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': file too short")
        return None


@pytest.fixture
def no_weasyprint(monkeypatch):
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    pdf._local_only_fetcher.cache_clear()
    yield
    pdf._local_only_fetcher.cache_clear()


def test_load_weasyprint_names_the_packages(no_weasyprint):
    with pytest.raises(pdf.PdfUnavailable) as caught:
        pdf.load_weasyprint()
    for package in pdf.PDF_PACKAGES:
        assert package in str(caught.value)


def test_pdf_links_answer_503_and_every_other_page_works(no_weasyprint, bas_award, learner_client):  # noqa: F811
    code = bas_award.verification_code
    for url in (f"/awards/{code}/certificate.pdf", "/progress/transcript.pdf"):
        response = learner_client.get(url)
        assert response.status_code == 503, url
        page = response.get_data(as_text=True)
        assert "PDF" in page
        for package in pdf.PDF_PACKAGES:
            assert package in page, package
        assert response.headers["Retry-After"] == "3600"
    for url in (
        "/courses",
        "/courses/dette-ma-jeg-kunne/",
        "/progress",
        "/progress/transcript.csv",
        f"/awards/{code}/badge.json",
        f"/verify/{code}",
    ):
        assert learner_client.get(url).status_code == 200, url


def _start_up_warnings(monkeypatch, caplog, missing: list[str]) -> list[str]:
    monkeypatch.setattr(pdf, "missing_libraries", lambda: missing)
    monkeypatch.setattr(pdf, "_logged", False)
    with caplog.at_level(logging.WARNING):
        create_app(TestingConfig)
        create_app(TestingConfig)
    return [r.getMessage() for r in caplog.records if "PDF certificates" in r.getMessage()]


def test_start_up_says_once_that_pdfs_are_unavailable(monkeypatch, caplog):
    warnings = _start_up_warnings(monkeypatch, caplog, ["libpango-1.0-0"])
    assert len(warnings) == 1
    assert "libpango-1.0-0" in warnings[0] and "apt-get install" in warnings[0]


def test_start_up_is_quiet_when_the_libraries_are_there(monkeypatch, caplog):
    assert _start_up_warnings(monkeypatch, caplog, []) == []
