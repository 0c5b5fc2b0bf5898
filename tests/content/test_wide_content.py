"""Content that could widen a phone page: boxes around tables and code, alt on every image.

The stress course (tests/fixtures/stress-course) holds what authors could write: long
words and URLs, code, tables, right-to-left text, emoji and raw HTML.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lms.content import load_course
from lms.content.render import add_scroll_boxes

STRESS = Path(__file__).resolve().parent.parent / "fixtures" / "stress-course"


@pytest.fixture
def stress_body(tmp_path) -> str:
    shutil.copytree(STRESS, tmp_path / "stress")
    result = load_course(tmp_path / "stress", tmp_path)
    assert result.ok, [str(p) for p in result.problems]
    return result.spec.modules[0].body_html


def test_tables_and_code_get_a_named_focusable_scroll_box(stress_body):
    boxes = re.findall(r'<div class="scroll-box scroll-(\w+)" role="region" tabindex="0" '
                       r'aria-label="([^"]+)">', stress_body)  # fmt: skip
    assert boxes == [
        ("pre", "Kodexempel 1"),
        ("table", "Tabell 1"),
        ("table", "Tabell 2"),
        ("pre", "Kodexempel 2"),
    ]
    # Every table and code block sits in a box: as many boxes as outermost blocks.
    assert stress_body.count("<table") == 2 and stress_body.count("<pre") == 2


def test_no_image_reaches_the_page_without_alt(stress_body):
    images = re.findall(r"<img[^>]*>", stress_body)
    assert images and all(' alt="' in img for img in images)


def test_raw_html_is_inert_and_language_attributes_survive(stress_body):
    assert "<script" not in stress_body and "<iframe" not in stress_body
    assert "style=" not in stress_body and "onclick" not in stress_body
    assert '<p lang="ar" dir="rtl">' in stress_body


@pytest.mark.parametrize(
    ("attribute", "kept"),
    [('lang="sv"', True), ('lang="x y"', False), ('dir="rtl"', True), ('dir="up"', False)],
)
def test_lang_and_dir_values_are_checked(tmp_path, attribute, kept):
    from tests.content.course_files import load, module_source

    result = load(tmp_path, {"01-intro.md": module_source(body=f"<p {attribute}>Hei</p>\n")})
    assert (attribute in result.spec.modules[0].body_html) is kept


def test_only_outermost_blocks_get_a_box():
    html = "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table><p>t</p>"
    boxed = add_scroll_boxes(html, "en")
    assert boxed.count('class="scroll-box') == 1
    assert boxed.endswith("</table></div><p>t</p>")
    assert 'aria-label="Table 1"' in boxed
    assert 'aria-label="Tabell 1"' in add_scroll_boxes("<table></table>", "nb-NO")
