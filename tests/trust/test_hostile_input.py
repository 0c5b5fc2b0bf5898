"""Hostile input at volume (Hypothesis): the Markdown/quiz parser and the sign-in, password
and reflection forms answer with content or an error, never a crash.

Bounded so CI stays fast: few examples, no deadline, derandomized when CI=true (the same
examples every run), no example database written to the work tree.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lms.content.load import load_course
from lms.content.quiz import parse_quiz
from lms.content.report import Report
from lms.extensions import db, limiter
from lms.models import ReflectionAnswer
from tests.conftest import PASSWORD, login
from tests.helpers import module_md, stored_module, write_course

BOUNDED = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "25")),
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text with what breaks parsers and pages: controls, bidi overrides, NUL, markup, fences.
NASTY = st.sampled_from(
    [
        "\x00",
        "\u202e",
        "\u2066",
        "\ufeff",
        "<script>alert(1)</script>",
        "```",
        "```quiz",
        "```reflect",
        "? ",
        "- [x] ",
        "- [ ] ",
        "> ",
        "{{ 7*7 }}",
        "%(x)s",
        "]]>",
        "\r\n",
        "\t",
        "---",
        "![x](../../etc/passwd)",
        "[a](javascript:alert(1))",
        "&#0;",
        "\U0001f600",
    ]
)
HOSTILE_TEXT = st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=12).map("".join)
HOSTILE_LINES = st.lists(HOSTILE_TEXT, max_size=15)


@BOUNDED
@given(lines=HOSTILE_LINES)
def test_quiz_parser_reports_or_parses_never_crashes(lines):
    report = Report("kurs/01-a.md")
    questions = parse_quiz(lines, 10, report)
    assert isinstance(questions, list)
    assert questions or report.has_errors  # an empty quiz is always reported


@BOUNDED
@given(body=HOSTILE_TEXT, quiz=HOSTILE_LINES, title=HOSTILE_TEXT)
def test_module_loader_gives_a_course_or_problems_never_crashes(body, quiz, title):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        course = root / "kurs"
        course.mkdir()
        (course / "course.yml").write_text(
            "id: kurs\ntitle: Kurs\nlanguage: nb\nsummary: S.\n", encoding="utf-8"
        )
        text = (
            f"---\nid: a\ntitle: {title!r}\ntier: bas\nminutes: 5\n---\n\n# A\n\n{body}\n\n"
            "```quiz\n" + "\n".join(quiz) + "\n```\n"
        )
        (course / "01-a.md").write_text(text, encoding="utf-8", errors="surrogatepass")
        result = load_course(course, root)
    assert result.ok or result.problems
    if result.ok:
        html = "".join(m.html for m in result.spec.modules)
        assert "<script" not in html.lower()


@BOUNDED
@given(username=HOSTILE_TEXT, password=HOSTILE_TEXT)
def test_login_form_answers_every_input(app, client, username, password):
    limiter.reset()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code in (200, 302), response.status_code
    assert "Traceback" not in response.get_data(as_text=True)


@BOUNDED
@given(new=HOSTILE_TEXT, confirm=st.one_of(st.none(), HOSTILE_TEXT))
def test_password_form_answers_every_input(app, learner, new, confirm):
    client = app.test_client()
    limiter.reset()
    assert login(client, "amina").status_code == 302
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": confirm or new},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # accepted: then it signs in, and we put it back
        client.post("/logout")
        assert login(client, "amina", new).status_code == 302
        from lms.auth.services import set_password

        set_password(learner, PASSWORD, app.config["PASSWORD_HASH_METHOD"])
        db.session.commit()


def _reflection_module(courses_dir):
    if not (courses_dir / "refl").exists():
        write_course(
            courses_dir,
            "refl",
            {
                "course.yml": "id: refl\ntitle: R\nlanguage: nb\nsummary: S.\nopen: true\n",
                "01-a.md": module_md("a", body="Tekst.\n\n```reflect\nHva tenker du?\n```\n"),
            },
        )
        from lms.content.sync import sync_courses

        assert sync_courses(db.session, courses_dir).ok
        db.session.commit()
    return stored_module("refl", "a")


@BOUNDED
@given(texts=st.dictionaries(st.sampled_from(["1", "2", "x", "", "1\x00"]), HOSTILE_TEXT))
@example(texts={"1": "\x00"})  # PostgreSQL refuses NUL in text: this once gave a 503
def test_reflection_form_answers_every_input(courses_dir, learner_client, texts):
    mod = _reflection_module(courses_dir)
    data = {f"reflection-{key}": value for key, value in texts.items()}
    response = learner_client.post(f"/courses/refl/{mod.slug}/reflections", data=data)
    assert response.status_code in (302, 400), response.status_code
    page = learner_client.get(f"/courses/refl/{mod.slug}")
    assert page.status_code == 200  # what was stored renders


def test_reflection_with_control_characters_is_saved_without_them(courses_dir, learner_client):
    mod = _reflection_module(courses_dir)
    response = learner_client.post(
        f"/courses/refl/{mod.slug}/reflections",
        data={"reflection-1": "Min\x00 tanke\x07\n\tom vakta"},
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(ReflectionAnswer.text)) == "Min tanke\n\tom vakta"
