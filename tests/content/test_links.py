"""Relative links and images resolve inside the course folder, or are reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lms.content import CourseResult
from lms.content.links import LinkResolver
from tests.content.course_files import load, messages, module_source

M = "demo/01-intro.md"
ASSETS: dict[str, str | bytes] = {
    "img/hands.svg": "<svg/>",
    "docs/guide v2.pdf": b"%PDF",
    "02-next.md": module_source("next-step"),
    "README.md": "About this course.",
}


def _body(result: CourseResult) -> str:
    assert result.spec is not None, messages(result)
    return result.spec.modules[0].body_html


def _load_body(tmp_path: Path, body: str) -> CourseResult:
    return load(tmp_path, {**ASSETS, "01-intro.md": module_source(body=body)})


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("[next](02-next.md)", '<a href="next-step">next</a>'),
        ("[next](02-next.md#part-2)", '<a href="next-step#part-2">next</a>'),
        ("[next](./02-next.md)", '<a href="next-step">next</a>'),
        ("[self](01-intro.md)", '<a href="intro">self</a>'),
        ("![hands](img/hands.svg)", '<img alt="hands" src="_files/img/hands.svg">'),
        ("![hands](img/../img/hands.svg)", '<img alt="hands" src="_files/img/hands.svg">'),
        ("[guide](docs/guide%20v2.pdf)", '<a href="_files/docs/guide%20v2.pdf">guide</a>'),
        ("[guide](<docs/guide v2.pdf>)", '<a href="_files/docs/guide%20v2.pdf">guide</a>'),
        ("[about](README.md)", '<a href="_files/README.md">about</a>'),
        ('<img src="img/hands.svg" alt="raw">', '<img src="_files/img/hands.svg" alt="raw">'),
        (
            "[web](https://example.com/a?b=1&c=2)",
            '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">web</a>',
        ),
        (
            "[proto](//example.com/x)",
            '<a href="//example.com/x" rel="noopener noreferrer">proto</a>',
        ),
        ("[mail](mailto:hjelp@example.com)", '<a href="mailto:hjelp@example.com">mail</a>'),
        ("[top](#top)", '<a href="#top">top</a>'),
        (
            '[titled](img/hands.svg "A title")',
            '<a href="_files/img/hands.svg" title="A title">titled</a>',
        ),
        ("[ref][r]\n\n[r]: 02-next.md", '<a href="next-step">ref</a>'),
    ],
)
def test_links_resolve(tmp_path: Path, markdown: str, html: str) -> None:
    result = _load_body(tmp_path, markdown + "\n")
    assert messages(result) == []
    assert html in _body(result)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "![up](../outside.png)",
            f"{M}:9: image '../outside.png' points outside the course folder",
        ),
        (
            "[up](../other-course/01-a.md)",
            f"{M}:9: link '../other-course/01-a.md' points outside the course folder",
        ),
        (
            "[deep](img/../../x.md)",
            f"{M}:9: link 'img/../../x.md' points outside the course folder",
        ),
        (
            "![gone](img/missing.png)",
            f"{M}:9: image 'img/missing.png' not found: no file 'img/missing.png' in the course",
        ),
        (
            "[gone](03-missing.md)",
            f"{M}:9: link '03-missing.md' not found: no file '03-missing.md' in the course",
        ),
        ("[folder](img)", f"{M}:9: link 'img' not found: no file 'img' in the course"),
        (
            "[abs](/etc/passwd)",
            f"{M}:9: link '/etc/passwd' is an absolute path; write it relative to this file",
        ),
        (
            'Text\n\n<img src="../x.png">',
            f"{M}:11: image '../x.png' points outside the course folder",
        ),
        ("[r][ref]\n\n[ref]: ../r.md", f"{M}:11: link '../r.md' points outside the course folder"),
        ("[nul](a%00.png)", f"{M}:9: link 'a%00.png' has a control character in its path"),
        (
            "[long](" + "x" * 300 + ".png)",
            f"{M}:9: link '{'x' * 57}...' is not a usable file name (file name too long)",
        ),
    ],
)
def test_bad_relative_paths_are_errors(tmp_path: Path, markdown: str, expected: str) -> None:
    result = _load_body(tmp_path, markdown + "\n")
    assert messages(result) == [expected]
    assert result.spec is None


def test_repeated_bad_links_report_each_line(tmp_path: Path) -> None:
    body = "A ![x](gone.png)\n\nB\n\nC ![x](gone.png) and ![y](gone.png)\n"
    result = _load_body(tmp_path, body)
    not_found = "image 'gone.png' not found: no file 'gone.png' in the course"
    assert messages(result) == [
        f"{M}:9: {not_found}",
        f"{M}:13: {not_found}",
        f"{M}:13: {not_found}",
    ]


def test_links_in_code_are_not_checked(tmp_path: Path) -> None:
    body = "```markdown\n![x](../outside.png)\n```\n\n`[y](../up.md)`\n"
    result = _load_body(tmp_path, body)
    assert messages(result) == []
    assert "../outside.png" in _body(result)


def test_symlink_out_of_the_course_is_an_error(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    folder = tmp_path / "courses"
    (folder / "demo").mkdir(parents=True)
    os.symlink(secret, folder / "demo" / "leak.txt")
    result = load(folder, {**ASSETS, "01-intro.md": module_source(body="[leak](leak.txt)\n")})
    assert messages(result) == [f"{M}:9: link 'leak.txt' points outside the course folder"]


def test_links_in_quiz_and_reflection_resolve_with_their_lines(tmp_path: Path) -> None:
    body = (
        "```quiz\n? See ![hands](img/hands.svg)\n- [x] [next](02-next.md)\n"
        "- [ ] ![gone](nope.png)\n> [guide](docs/guide%20v2.pdf)\n```\n\n"
        "```reflect\nRead [this](../up.md).\n```\n"
    )
    result = _load_body(tmp_path, body)
    assert messages(result) == [
        f"{M}:12: image 'nope.png' not found: no file 'nope.png' in the course",
        f"{M}:17: link '../up.md' points outside the course folder",
    ]
    result = _load_body(
        tmp_path, body.replace("nope.png", "img/hands.svg").replace("../up.md", "02-next.md")
    )
    assert result.spec is not None
    (question,) = result.spec.modules[0].quiz
    assert question.html == 'See <img alt="hands" src="_files/img/hands.svg">'
    assert question.options[0].html == '<a href="next-step">next</a>'
    assert question.explanation_html == '<a href="_files/docs/guide%20v2.pdf">guide</a>'
    assert result.spec.modules[0].reflections[0].prompt_html == 'Read <a href="next-step">this</a>.'


def test_link_to_module_with_broken_front_matter_adds_no_second_error(tmp_path: Path) -> None:
    files = {
        **ASSETS,
        "02-next.md": "no front matter",
        "01-intro.md": module_source(body="[n](02-next.md)\n"),
    }
    result = load(tmp_path, files)
    assert messages(result) == ["demo/02-next.md:1: front matter must open on line 1 with '---'"]


def test_a_failing_link_check_drops_the_url_and_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(LinkResolver, "_rewrite", broken)
    result = _load_body(tmp_path, "Text\n\n[x](img/hands.svg)\n")
    assert messages(result) == [
        f"{M}:9: could not check link 'img/hands.svg': RuntimeError('boom')"
    ]
