"""A valid course loads into the expected specs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lms.content import CourseResult, Problem, check, load_course, load_courses
from lms.content.tier_rules import TierRule
from tests.content.course_files import COURSE_YML, QUIZ, load, messages, module_source, write_course

GLOSSARY = """\
- term: avvik
  forms: [avviket, avvikene]
  explanation: Something that went wrong and must be reported.
- term: Pårørende
  explanation: Close family.
- term: melde avvik
  explanation: Report a deviation.
"""

COURSE_WITH_TIERS = """\
id: dette-ma-jeg-kunne
title: Dette må jeg kunne
language: nb
summary: >
  Grunnkurs for nye medarbeidere.
audience: Nyansatte
version: "2026.1"
tiers:
  bas:
    modules: all
  fordjupning:
    modules: 1
    meetings: 2
"""

CHOOSE_ALL = """\
~~~quiz
? Which of these
  are **true**?
- [x] One
* [X] Two
+ [ ] Three
> Both *one* and two.
> Never three.

? Pick one
- [ ] A
- [x] B
~~~
"""


@pytest.fixture
def course(tmp_path: Path) -> CourseResult:
    files = {
        "course.yml": COURSE_WITH_TIERS,
        "glossary.yml": GLOSSARY,
        "img/hands.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "b-last.md": module_source("last", tier="spets"),
        "a-unordered.md": module_source("unordered", tier="fordjupning"),
        "02-second.md": module_source(
            "second",
            extra="order: 2\npass: 60\n",
            body=(
                "# Avvik\n\nAn avvik must be reported. Another avvik is not marked.\n\n"
                "Talk to the pårørende and [about avvik](01-first.md).\n\n"
                f"{CHOOSE_ALL}\n```reflect\nThink of a *time* you were unsure.\n```\n\n"
                "```reflect\nWhat did you do?\n```\n"
            ),
        ),
        "01-first.md": module_source(
            "first",
            extra="order: 1\n",
            body=(
                "# First\n\nSee ![hands](img/hands.svg) and [the next one](02-second.md#top).\n\n"
                "`avvik` in code, then Avvikene in text.\n\n" + QUIZ
            ),
        ),
        "README.md": "Not a module.",
        "_draft.md": "Not a module either.",
        "notes/inner.md": "Subfolders hold assets only.",
    }
    return load(tmp_path, files)


def test_valid_course_loads_without_problems(course: CourseResult) -> None:
    assert messages(course) == []
    assert course.ok
    spec = course.spec
    assert spec is not None
    assert (spec.id, spec.title, spec.language) == (
        "dette-ma-jeg-kunne",
        "Dette må jeg kunne",
        "nb",
    )
    assert spec.summary == "Grunnkurs for nye medarbeidere."
    assert (spec.audience, spec.version, spec.folder) == ("Nyansatte", "2026.1", "demo")


def test_tiers_are_three_in_order_with_defaults(course: CourseResult) -> None:
    assert course.spec is not None
    assert course.spec.tiers == (
        TierRule("bas", None, 0),
        TierRule("fordjupning", 1, 2),
        TierRule("spets", None, 0),
    )


def test_modules_sort_by_order_then_file_name(course: CourseResult) -> None:
    assert course.spec is not None
    assert [m.id for m in course.spec.modules] == ["first", "second", "unordered", "last"]
    assert [m.source_path for m in course.spec.modules] == [
        "demo/01-first.md",
        "demo/02-second.md",
        "demo/a-unordered.md",
        "demo/b-last.md",
    ]


def test_module_metadata(course: CourseResult, tmp_path: Path) -> None:
    assert course.spec is not None
    first, second = course.spec.modules[:2]
    assert (first.title, first.tier, first.minutes, first.order) == ("Intro", "bas", 10, 1)
    assert first.objectives == ("Know the basics.",)
    assert first.pass_percent == 80
    assert second.pass_percent == 60
    raw = (tmp_path / "demo" / "01-first.md").read_bytes()
    assert first.content_hash == hashlib.sha256(raw).hexdigest()


def test_quiz_structure(course: CourseResult) -> None:
    assert course.spec is not None
    first, second = course.spec.modules[:2]
    (single,) = first.quiz
    assert single.key == "1"
    assert single.html == "Who may you tell?"
    assert [(o.key, o.html, o.correct) for o in single.options] == [
        ("1", "Your family", False),
        ("2", "Colleagues who need to know", True),
    ]
    assert single.explanation_html == "Confidentiality applies at home too."
    assert not single.multiple

    choose_all, pick_one = second.quiz
    assert choose_all.html == "Which of these\nare <strong>true</strong>?"
    assert [o.correct for o in choose_all.options] == [True, True, False]
    assert choose_all.multiple
    assert choose_all.explanation_html == "Both <em>one</em> and two.\nNever three."
    assert (pick_one.key, pick_one.multiple, pick_one.explanation_html) == ("2", False, "")


def test_reflections_and_body_without_special_blocks(course: CourseResult) -> None:
    assert course.spec is not None
    first, second = course.spec.modules[:2]
    assert first.reflections == ()
    assert [(r.key, r.prompt_html) for r in second.reflections] == [
        ("1", "Think of a <em>time</em> you were unsure."),
        ("2", "What did you do?"),
    ]
    for module_spec in (first, second):
        assert "quiz" not in module_spec.body_html
        assert "?" not in module_spec.body_html
        assert "[x]" not in module_spec.body_html
    assert "unsure" not in second.body_html


def test_module_without_quiz_has_empty_quiz(course: CourseResult) -> None:
    assert course.spec is not None
    assert course.spec.modules[2].quiz == ()


def test_links_and_images_are_rewritten(course: CourseResult) -> None:
    assert course.spec is not None
    first, second = course.spec.modules[:2]
    assert '<img alt="hands" src="_files/img/hands.svg">' in first.body_html
    assert '<a href="second#top">the next one</a>' in first.body_html
    assert '<a href="first">about avvik</a>' in second.body_html


def test_glossary_marks_first_use_outside_headings_links_and_code(course: CourseResult) -> None:
    assert course.spec is not None
    spec = course.spec
    assert [entry.slug for entry in spec.glossary] == ["avvik", "parorende", "melde-avvik"]
    first, second = spec.modules[:2]
    # "Avvik" in the heading is skipped; the first use in text is marked, once.
    assert second.body_html.count('class="term"') == 2
    assert 'An <a class="term" href="#term-avvik">avvik</a> must be reported.' in second.body_html
    assert "<h2>Avvik</h2>" in second.body_html  # a leading h1 other than the title is demoted
    assert 'the <a class="term" href="#term-parorende">pårørende</a>' in second.body_html
    assert [entry.term for entry in second.glossary_terms] == ["avvik", "Pårørende"]
    # Code is skipped; a form matches case-insensitively and keeps the author's spelling.
    assert "<code>avvik</code>" in first.body_html
    assert '<a class="term" href="#term-avvik">Avvikene</a>' in first.body_html
    assert [entry.term for entry in first.glossary_terms] == ["avvik"]


def test_glossary_matches_whole_words_and_longest_form(tmp_path: Path) -> None:
    body = "Avviksmelding is not a match. Remember to melde\navvik today. Then avvik again.\n"
    result = load(tmp_path, {"glossary.yml": GLOSSARY, "01-intro.md": module_source(body=body)})
    assert result.spec is not None
    html = result.spec.modules[0].body_html
    assert "Avviksmelding is not a match." in html
    assert '<a class="term" href="#term-melde-avvik">melde\navvik</a>' in html
    assert 'Then <a class="term" href="#term-avvik">avvik</a> again.' in html


def test_glossary_marking_escapes_text_and_keeps_entities(tmp_path: Path) -> None:
    glossary = "- term: avvik\n  explanation: x\n"
    body = "Tom &amp; Jerry write &lt;avvik&gt; once.\n"
    result = load(tmp_path, {"glossary.yml": glossary, "01-intro.md": module_source(body=body)})
    assert result.spec is not None
    html = result.spec.modules[0].body_html
    assert (
        html
        == '<p>Tom &amp; Jerry write &lt;<a class="term" href="#term-avvik">avvik</a>&gt; once.</p>'
    )


def test_course_hash_is_stable_and_sees_every_file(tmp_path: Path) -> None:
    folder = write_course(tmp_path, {"img/a.svg": "<svg/>"})
    first = load_course(folder, tmp_path).spec
    again = load_course(folder, tmp_path).spec
    assert first is not None and again is not None
    assert first.content_hash == again.content_hash
    (folder / "img" / "a.svg").write_text("<svg></svg>")
    changed = load_course(folder, tmp_path).spec
    assert changed is not None and changed.content_hash != first.content_hash


def test_crlf_and_bom_files_parse(tmp_path: Path) -> None:
    text = module_source(body="# Intro\n\nHello.\n\n" + QUIZ)
    files: dict[str, str | bytes] = {
        "course.yml": b"\xef\xbb\xbf" + COURSE_YML.replace("\n", "\r\n").encode(),
        "01-intro.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
    }
    result = load(tmp_path, files)
    assert messages(result) == []
    assert result.spec is not None
    (only,) = result.spec.modules
    assert only.id == "intro"
    assert only.quiz[0].options[1].correct
    assert "\r" not in only.body_html


def test_crlf_error_lines_match_the_file(tmp_path: Path) -> None:
    text = module_source(minutes="zero").replace("\n", "\r\n").encode()
    result = load(tmp_path, {"01-intro.md": text})
    assert messages(result) == [
        "demo/01-intro.md:5: 'minutes' must be a whole number from 1 to 600, got 'zero'"
    ]


def test_longer_fences_and_fences_inside_code(tmp_path: Path) -> None:
    body = (
        "````markdown\n```quiz\n? Shown as code\n- [x] a\n```\n````\n\n"
        "~~~~quiz\n? Real question\n- [x] yes\n- [ ] no\n~~~~~~\n\n"
        "    ```reflect\n    indented code, not a prompt\n    ```\n"
    )
    result = load(tmp_path, {"01-intro.md": module_source(body=body)})
    assert messages(result) == []
    assert result.spec is not None
    (only,) = result.spec.modules
    assert [q.html for q in only.quiz] == ["Real question"]
    assert only.reflections == ()
    assert '<pre><code class="language-markdown">```quiz\n? Shown as code' in only.body_html
    assert "indented code, not a prompt" in only.body_html
    assert "Real question" not in only.body_html


def test_load_courses_skips_hidden_and_underscore_folders(tmp_path: Path) -> None:
    write_course(tmp_path, {}, folder="b-course")
    write_course(tmp_path, {"course.yml": COURSE_YML.replace("id: demo", "id: other")}, "a-course")
    write_course(tmp_path, {}, folder="_templates")
    write_course(tmp_path, {}, folder=".git")
    (tmp_path / "assets-only").mkdir()
    (tmp_path / "assets-only" / "x.png").write_bytes(b"png")
    (tmp_path / "README.md").write_text("About the courses.")
    results = load_courses(tmp_path)
    assert [r.folder for r in results] == ["a-course", "b-course"]
    assert all(r.ok for r in results)
    assert check(tmp_path) == []


def test_load_courses_needs_an_existing_root(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_courses(tmp_path / "missing")


def test_problem_strings() -> None:
    assert str(Problem("c/a.md", 3, "boom")) == "c/a.md:3: boom"
    assert str(Problem("c/a.md", 3, "hm", "warning")) == "c/a.md:3: warning: hm"


def test_warnings_do_not_block_a_course(tmp_path: Path) -> None:
    result = load(tmp_path, {"01-intro.md": module_source(extra="colour: blue\n")})
    assert messages(result) == ["demo/01-intro.md:8: warning: unknown key 'colour' is ignored"]
    assert result.ok


def test_order_ties_and_unordered_modules_sort_by_file_name(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "c.md": module_source("c", extra="order: 1\n"),
        "a.md": module_source("a", extra="order: 1\n"),
        "b.md": module_source("b"),
        "0.md": module_source("zero"),
        "d.md": module_source("d", extra="order: -5\n"),
    }
    result = load(tmp_path, files)
    assert result.spec is not None
    assert [m.id for m in result.spec.modules] == ["d", "a", "c", "zero", "b"]
