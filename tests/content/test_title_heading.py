"""The module title shows once: a leading `# Title` in the file is not repeated."""

from __future__ import annotations

from lms.content import load_course
from tests.helpers import write_course

COURSE_YML = "id: demo\ntitle: Demo\nlanguage: nb\nsummary: S.\n"
FRONT = "---\nid: a\ntitle: Hender og hygiene\ntier: bas\nminutes: 5\nobjectives: [Du vet.]\n---\n"


def _body(tmp_path, body: str) -> str:
    folder = write_course(tmp_path, "demo", {"course.yml": COURSE_YML, "01-a.md": FRONT + body})
    result = load_course(folder, tmp_path)
    assert result.ok, result.problems
    return result.spec.modules[0].body_html


def test_leading_title_heading_is_dropped(tmp_path):
    html = _body(tmp_path, "\n# Hender og hygiene\n\nTekst.\n\n# Senere\n")
    assert "<h1>Hender og hygiene</h1>" not in html
    assert "<p>Tekst.</p>" in html and "<h1>Senere</h1>" in html


def test_other_leading_heading_is_demoted(tmp_path):
    html = _body(tmp_path, "# Noe annet\n\nTekst.\n")
    assert "<h2>Noe annet</h2>" in html and "<h1>" not in html


def test_body_without_heading_is_untouched(tmp_path):
    assert _body(tmp_path, "Tekst.\n\n## Del\n") == "<p>Tekst.</p>\n<h2>Del</h2>"
