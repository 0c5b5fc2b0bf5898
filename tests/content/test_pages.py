"""Course content through HTTP: hostile Markdown stays inert, assets stay in their folder,
and pages show the HTML stored at sync instead of parsing files per request."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.content.links import url_scheme
from lms.content.sync import sync_courses
from lms.extensions import db
from lms.learn.files import asset_path
from lms.models import Course, utcnow
from tests.content.course_files import module_source, write_course
from tests.helpers import pass_module, stored_module, submit_quiz, wrong_answers

HOSTILE_YML = """\
id: demo
title: Demo <script>alert('title')</script>
language: nb
summary: A course <script>alert('summary')</script> for the tests.
"""

HOSTILE_GLOSSARY = """\
- term: avvik
  explanation: <script>alert('glossary')</script> Something that went wrong.
"""

OK_SVG = "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect/></svg>"
EVIL_SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg'><script>alert('svg')</script>"
    "<rect width='10' height='10' onload=\"alert('svg')\"/></svg>"
)

HOSTILE_BODY = """\
# Hostile {onclick="alert(1)"}

An avvik is reported.

<script>alert(1)</script>

<img src="img/ok.svg" onerror="alert(1)">

<a href="javascript:alert(1)">raw link</a>

<iframe src="https://evil.example/frame"></iframe>

<div style="position:fixed;top:0">fixed text</div>

[markdown link](javascript:alert(1))

[entity link](jav&#x61;script:alert(1)) and <a href="JaVaScRiPt:alert(1)">mixed case</a>

A paragraph with attributes.
{: onclick="alert(1)" style="color:red" }

![evil](img/evil.svg)

![ok](img/ok.svg){onmouseover="alert(1)"}

![data](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)

<svg><script>alert(1)</script></svg>

<style>body { display: none }</style>

<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">

<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css">

Code is shown, never run: `<script>alert('code')</script>`

```quiz
? What is <script>alert(1)</script> **safe**?
- [ ] <img src="img/ok.svg" onerror="alert(2)"> Nothing
- [x] [This](javascript:alert(3)) <b onclick="alert(4)">one</b>
> <a href="javascript:alert(5)">more</a> <iframe src="https://evil.example/x"></iframe>
```

```reflect
Think <script>alert(6)</script> about <b onmouseover="alert(7)">it</b>.
```
"""

DANGEROUS_TAGS = {
    "script", "iframe", "frame", "object", "embed", "style", "svg", "math", "base", "template",
}  # fmt: skip


# Escaped text (``&lt;script&gt;``) is fine; none of these may appear in the markup.
FORBIDDEN_TEXT = (
    "<script", "javascript:", "<iframe", "style=", "onerror", "onclick", "onmouseover",
    "onload", "http-equiv", "evil.example", "data:image",
)  # fmt: skip


OWN_SCRIPT = '<script src="/static/read-aloud.js" defer></script>'


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(page: str) -> None:
    """No script, event handler, javascript: URL, iframe or inline style reaches the page.

    The app's own same-origin script (read-aloud) is the one script tag allowed.
    """
    page = page.replace(OWN_SCRIPT, "", 1)
    lowered = page.lower()
    for needle in FORBIDDEN_TEXT:
        assert needle not in lowered, needle
    parser = _Tags()
    parser.feed(page)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in DANGEROUS_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name in ("href", "src", "action", "formaction") and value:
                assert url_scheme(value) in (None, "http", "https", "mailto"), (tag, value)


def sync(root: Path) -> None:
    report = sync_courses(db.session, root)
    db.session.commit()
    assert report.ok, [str(p) for r in report.invalid for p in r.problems]


@pytest.fixture
def hostile(courses_dir: Path) -> Path:
    folder = write_course(
        courses_dir,
        {
            "course.yml": HOSTILE_YML,
            "glossary.yml": HOSTILE_GLOSSARY,
            "img/ok.svg": OK_SVG,
            "img/evil.svg": EVIL_SVG,
            "01-intro.md": module_source(body=HOSTILE_BODY).replace(
                "Know the basics.", "Know <script>alert('objective')</script> this."
            ),
        },
    )
    sync(courses_dir)
    return folder


# --- hostile Markdown ----------------------------------------------------------------------


def test_hostile_markdown_reaches_the_module_page_inert(hostile, learner_client):
    response = learner_client.get("/courses/demo/intro")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert_inert(page)
    # The harmless parts are still there.
    assert "fixed text" in page and "A paragraph with attributes." in page
    assert '<img alt="" src="_files/img/ok.svg">' in page  # never without alt
    assert '<img alt="evil" src="_files/img/evil.svg">' in page
    assert "&lt;script&gt;alert(&#39;code&#39;)&lt;/script&gt;" in page or (
        "&lt;script&gt;alert('code')&lt;/script&gt;" in page
    )
    assert "<strong>safe</strong>" in page


def test_quiz_feedback_with_hostile_explanations_is_inert(hostile, learner_client):
    intro = stored_module("demo", "intro")
    response = submit_quiz(learner_client, intro, wrong_answers(intro))
    assert response.status_code == 302

    result = learner_client.get(response.headers["Location"])

    assert result.status_code == 200
    page = result.get_data(as_text=True)
    assert 'class="explanation"' in page and ">more</a>" in page
    assert_inert(page)


@pytest.mark.parametrize("url", ["/courses", "/courses/demo/", "/courses/demo/_glossary"])
def test_course_pages_with_hostile_settings_are_inert(hostile, learner_client, url):
    response = learner_client.get(url)

    assert response.status_code == 200
    assert "Demo &lt;script&gt;" in response.get_data(as_text=True)
    assert_inert(response.get_data(as_text=True))


def test_passed_hostile_module_stays_inert(hostile, learner_client):
    pass_module(learner_client, stored_module("demo", "intro"))

    assert_inert(learner_client.get("/courses/demo/intro").get_data(as_text=True))
    assert_inert(learner_client.get("/progress").get_data(as_text=True))


# --- course files --------------------------------------------------------------------------


@pytest.fixture
def two_courses(courses_dir: Path, tmp_path: Path) -> Path:
    """demo (with images, sources, a hidden file and an escaping symlink) and other."""
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "config.py").write_text("SECRET_KEY = 'secret'")
    demo = write_course(
        courses_dir,
        {
            "glossary.yml": "- term: avvik\n  explanation: Wrong.\n",
            "README.md": "# Notes\n",
            "img/ok.svg": OK_SVG,
            "img/evil.svg": EVIL_SVG,
            "img/photo.png": b"\x89PNG\r\n\x1a\n",
            ".secret": "hidden",
            "01-intro.md": module_source(body="# Intro\n\n![ok](img/ok.svg)\n"),
        },
    )
    os.symlink(tmp_path / "secret.txt", demo / "img" / "link.svg")
    write_course(
        courses_dir,
        {"course.yml": "id: other\ntitle: Other\nlanguage: nb\nsummary: S.\n", "o.svg": OK_SVG},
        folder="other",
    )
    sync(courses_dir)
    return demo


def fetch(client, url: str):
    """GET and read the response (closing any streamed file), following redirects."""
    with client.get(url, follow_redirects=True) as response:
        response.get_data()
        return response


def test_svg_is_served_as_an_image_in_a_sandbox(two_courses, learner_client):
    for name in ("ok.svg", "evil.svg"):
        response = fetch(learner_client, f"/courses/demo/_files/img/{name}")

        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        csp = response.headers["Content-Security-Policy"]
        assert "sandbox" in csp and "default-src 'none'" in csp
        assert "script-src" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert fetch(learner_client, "/courses/demo/_files/img/ok.svg").get_data(as_text=True) == (
        OK_SVG
    )
    assert fetch(learner_client, "/courses/demo/_files/img/photo.png").mimetype == "image/png"


def test_module_page_image_url_resolves_to_the_file(two_courses, learner_client):
    page = learner_client.get("/courses/demo/intro").get_data(as_text=True)
    assert 'src="_files/img/ok.svg"' in page  # relative to /courses/demo/intro

    assert fetch(learner_client, "/courses/demo/_files/img/ok.svg").status_code == 200


ESCAPES = [
    "_files/../course.yml",
    "_files/..%2fcourse.yml",
    "_files/../other/course.yml",
    "_files/..%2fother%2fcourse.yml",
    "_files/..%2f..%2fsecret.txt",
    "_files/..%2f..%2fconfig.py",
    "_files/../../config.py",
    "_files/img/..%2f..%2f..%2fsecret.txt",
    "_files/%2e%2e/%2e%2e/secret.txt",
    "_files/%2e%2e%2f%2e%2e%2fconfig.py",
    "_files/%2e%2e/other/o.svg",
    "_files/..%5c..%5csecret.txt",
    "_files//etc/passwd",
    "_files/%2fetc%2fpasswd",
    "_files/img/link.svg",
    "_files/img/ok.svg%00.png",
]

SOURCES = [
    "_files/01-intro.md",
    "_files/course.yml",
    "_files/glossary.yml",
    "_files/README.md",
    "_files/img/../01-intro.md",
    "_files/img/%2e%2e/course.yml",
    "_files/.secret",
    "_files/img",
    "_files/img/",
    "_files/missing.png",
]


@pytest.mark.parametrize("path", ESCAPES + SOURCES)
def test_paths_outside_the_assets_are_404(two_courses, learner_client, path):
    assert fetch(learner_client, f"/courses/demo/{path}").status_code == 404


def test_absolute_path_to_a_real_file_is_404(two_courses, learner_client, tmp_path):
    secret = (tmp_path / "secret.txt").as_posix()

    assert fetch(learner_client, f"/courses/demo/_files/{secret}").status_code == 404
    assert fetch(learner_client, f"/courses/demo/_files/{secret[1:]}").status_code == 404


def test_asset_path_refuses_absolute_paths(two_courses, courses_dir, tmp_path):
    # The router never passes a leading "/" on; the helper must refuse one all the same.
    assert asset_path(courses_dir, "demo", str(tmp_path / "secret.txt")) is None
    assert asset_path(courses_dir, "demo", str(two_courses / "img" / "ok.svg")) is None
    assert asset_path(courses_dir, "demo", "img/ok.svg") == two_courses / "img" / "ok.svg"


def test_files_belong_to_their_own_course(two_courses, learner_client):
    assert fetch(learner_client, "/courses/other/_files/o.svg").status_code == 200
    assert fetch(learner_client, "/courses/other/_files/img/ok.svg").status_code == 404
    assert fetch(learner_client, "/courses/demo/_files/o.svg").status_code == 404
    assert fetch(learner_client, "/courses/nope/_files/img/ok.svg").status_code == 404


def test_files_of_closed_and_archived_courses_are_404(two_courses, learner_client):
    other = db.session.scalar(sa.select(Course).where(Course.slug == "other"))
    other.is_open = False
    demo = db.session.scalar(sa.select(Course).where(Course.slug == "demo"))
    demo.archived_at = utcnow()
    db.session.commit()

    assert fetch(learner_client, "/courses/other/_files/o.svg").status_code == 404
    assert fetch(learner_client, "/courses/demo/_files/img/ok.svg").status_code == 404


def test_files_need_a_signed_in_user(two_courses, client):
    response = client.get("/courses/demo/_files/img/ok.svg")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


# --- stored HTML, not parsed per request ------------------------------------------------------


def _refuse(*args, **kwargs):
    raise AssertionError("course files were parsed while serving a page")


def test_pages_use_the_html_stored_at_sync(two_courses, learner_client, monkeypatch):
    import markdown
    import nh3

    import lms.content
    import lms.content.load
    import lms.content.render

    for target, name in [
        (lms.content, "load_course"),
        (lms.content, "load_courses"),
        (lms.content, "check"),
        (lms.content.load, "load_course"),
        (lms.content.load, "load_courses"),
        (lms.content.load, "check"),
        (lms.content.load, "render_block"),
        (lms.content.load, "render_inline"),
        (lms.content.render, "render_block"),
        (lms.content.render, "render_inline"),
        (markdown.Markdown, "convert"),
        (nh3, "clean"),
    ]:
        monkeypatch.setattr(target, name, _refuse)
    for source in two_courses.glob("*.md"):
        source.unlink()  # the files are gone too; only the stored rows remain

    intro = stored_module("demo", "intro")
    intro.body_html = '<p id="stored">Stored at sync.</p>'
    db.session.commit()

    response = learner_client.get("/courses/demo/intro")
    assert response.status_code == 200
    assert '<p id="stored">Stored at sync.</p>' in response.get_data(as_text=True)
    for url in ("/courses", "/courses/demo/", "/courses/demo/_glossary", "/progress"):
        assert learner_client.get(url).status_code == 200, url
    pass_module(learner_client, intro)
    assert learner_client.get("/courses/demo/intro").status_code == 200
