"""Every defect gives exactly one ``path:line: message`` with the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content import check, load_course, load_courses
from tests.content.course_files import (
    COURSE_YML,
    QUIZ,
    load,
    messages,
    module_source,
    write_course,
    write_files,
)

M = "demo/01-intro.md"
C = "demo/course.yml"
G = "demo/glossary.yml"

# Module body starts on line 9 (front matter is lines 1-8 without extras).
MODULE_DEFECTS = [
    (
        "missing title",
        module_source().replace("title: Intro\n", ""),
        f"{M}:1: missing required key 'title'",
    ),
    (
        "bad id",
        module_source("Intro_1"),
        f"{M}:2: 'id' must be lower-case letters, digits and single hyphens "
        "(like 'taushetsplikt' or 'del-2'), got 'Intro_1'",
    ),
    (
        "double hyphen id",
        module_source("a--b"),
        f"{M}:2: 'id' must be lower-case letters, digits and single hyphens "
        "(like 'taushetsplikt' or 'del-2'), got 'a--b'",
    ),
    (
        "unknown tier",
        module_source(tier="expert"),
        f"{M}:4: unknown tier 'expert' (expected bas, fordjupning or spets)",
    ),
    (
        "zero minutes",
        module_source(minutes="0"),
        f"{M}:5: 'minutes' must be a whole number from 1 to 600, got 0",
    ),
    (
        "too many minutes",
        module_source(minutes="601"),
        f"{M}:5: 'minutes' must be a whole number from 1 to 600, got 601",
    ),
    (
        "minutes as text",
        module_source(minutes="ten"),
        f"{M}:5: 'minutes' must be a whole number from 1 to 600, got 'ten'",
    ),
    (
        "minutes as float",
        module_source(minutes="12.5"),
        f"{M}:5: 'minutes' must be a whole number from 1 to 600, got '12.5'",
    ),
    (
        "title as number",
        module_source(title="2024"),
        f"{M}:3: 'title' must be text, not a number; put it in quotes",
    ),
    (
        "empty objectives",
        module_source().replace("objectives:\n  - Know the basics.\n", "objectives: []\n"),
        f"{M}:6: 'objectives' needs at least one objective",
    ),
    (
        "objectives as text",
        module_source().replace("objectives:\n  - Know the basics.\n", "objectives: Know it\n"),
        f"{M}:6: 'objectives' must be a list of '- ' lines, not text",
    ),
    (
        "objective not text",
        module_source().replace("  - Know the basics.\n", "  - Know the basics.\n  - [a, b]\n"),
        f"{M}:8: each item of 'objectives' must be text, got a list",
    ),
    (
        "missing objectives",
        module_source().replace("objectives:\n  - Know the basics.\n", ""),
        f"{M}:1: missing required key 'objectives'",
    ),
    (
        "pass too high",
        module_source(extra="pass: 120\n"),
        f"{M}:8: 'pass' must be a whole number from 0 to 100, got 120",
    ),
    (
        "order as text",
        module_source(extra="order: first\n"),
        f"{M}:8: 'order' must be a whole number, got 'first'",
    ),
    (
        "duplicate key",
        module_source(extra="id: again\n"),
        f"{M}:8: duplicate key 'id' (first on line 2)",
    ),
    (
        "unknown key",
        module_source(extra="author: me\n"),
        f"{M}:8: warning: unknown key 'author' is ignored",
    ),
    (
        "invalid yaml",
        module_source(title="a: b"),
        f"{M}:3: invalid YAML: mapping values are not allowed here",
    ),
    (
        "no front matter",
        "# Intro\n\nNo front matter.\n",
        f"{M}:1: front matter must open on line 1 with '---'",
    ),
    (
        "front matter not on line 1",
        "\n" + module_source(),
        f"{M}:1: front matter must open on line 1 with '---'",
    ),
    (
        "unclosed front matter",
        module_source().replace("---\n# Intro", "# Intro"),
        f"{M}:1: front matter opened with '---' on line 1 is never closed with '---'",
    ),
    (
        "not utf-8",
        module_source(body="# Intro\n\nline 10\nbad \xff\n")
        .encode("utf-8")
        .replace(b"\xc3\xbf", b"\xff"),
        f"{M}:12: the file is not valid UTF-8 text",
    ),
    # Quiz and reflect blocks (the fence opens on line 9).
    (
        "one option",
        module_source(body="```quiz\n? Only one\n- [x] yes\n```\n"),
        f"{M}:10: quiz question 1 has 1 option; it needs at least two",
    ),
    (
        "no correct option",
        module_source(body="```quiz\n? Q1\n- [x] a\n- [ ] b\n\n? Q2\n- [ ] a\n- [ ] b\n```\n"),
        f"{M}:14: quiz question 2 has no correct option; mark one with '- [x]'",
    ),
    (
        "line that fits nothing",
        module_source(body="```quiz\n? Q1\n- [x] a\n- [ ] b\nstray text\n```\n"),
        f"{M}:13: quiz question 1: this line does not fit the quiz format; expected an option "
        "('- [ ] text'), an explanation ('> text') or a blank line",
    ),
    (
        "text before the first question",
        module_source(body="```quiz\nWhat?\n? Q1\n- [x] a\n- [ ] b\n```\n"),
        f"{M}:10: expected a quiz question starting with '? '",
    ),
    (
        "malformed option",
        module_source(body="```quiz\n? Q1\n- [x] a\n- [ ] b\n- [y] c\n```\n"),
        f"{M}:13: quiz question 1: write each option as '- [ ] text' or '- [x] text'",
    ),
    (
        "explanation before options",
        module_source(body="```quiz\n? Q1\n> why\n- [x] a\n- [ ] b\n```\n"),
        f"{M}:11: quiz question 1: the '> ' explanation must come after the options",
    ),
    (
        "option after explanation",
        module_source(body="```quiz\n? Q1\n- [x] a\n- [ ] b\n> why\n- [ ] c\n```\n"),
        f"{M}:14: quiz question 1: option after the explanation; put '> ' lines last",
    ),
    (
        "blank line between options",
        module_source(body="```quiz\n? Q1\n- [x] a\n\n- [ ] b\n```\n"),
        f"{M}:13: blank line inside quiz question 1; blank lines separate questions",
    ),
    (
        "question without text",
        module_source(body="```quiz\n?\n- [x] a\n- [ ] b\n```\n"),
        f"{M}:10: quiz question 1 has no text after '?'",
    ),
    (
        "empty quiz",
        module_source(body="```quiz\n```\n"),
        f"{M}:9: quiz block has no questions (start each with '? ')",
    ),
    (
        "second quiz",
        module_source(body=QUIZ + "\n" + QUIZ),
        f"{M}:16: second quiz block; a module has at most one (the first is on line 9)",
    ),
    (
        "unclosed quiz",
        module_source(body="Text.\n\n" + QUIZ[:-4]),
        f"{M}:11: quiz block is never closed; end it with a fence line",
    ),
    (
        "empty reflect",
        module_source(body="Text.\n\n```reflect\n\n```\n"),
        f"{M}:11: reflect block is empty; write a prompt inside it",
    ),
    (
        "unclosed code",
        module_source(body="Text.\n\n```python\nprint(1)\n"),
        f"{M}:11: warning: code block is never closed, so the rest of the file is code",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, text, expected in MODULE_DEFECTS],
    ids=[name for name, _, _ in MODULE_DEFECTS],
)
def test_module_defect_gives_one_problem(tmp_path: Path, text: str | bytes, expected: str) -> None:
    result = load(tmp_path, {"01-intro.md": text})
    assert messages(result) == [expected]
    assert result.ok is expected.split(": ", 2)[1].startswith("warning")


COURSE_DEFECTS = [
    (
        "missing summary",
        COURSE_YML.replace("summary: A course for the tests.\n", ""),
        f"{C}:1: missing required key 'summary'",
    ),
    (
        "bad course id",
        COURSE_YML.replace("id: demo", "id: Demo Course"),
        f"{C}:1: 'id' must be lower-case letters, digits and single hyphens "
        "(like 'taushetsplikt' or 'del-2'), got 'Demo Course'",
    ),
    (
        "bare version number",
        COURSE_YML + "version: 1.10\n",
        f"{C}:5: 'version' must be a string; quote it: version: \"1.10\"",
    ),
    (
        "language with underscore",
        COURSE_YML.replace("language: nb", "language: nb_NO"),
        f"{C}:3: 'language' must be a BCP 47 tag such as nb, nn, sv or en, got 'nb_NO'",
    ),
    (
        "language no read as false",
        COURSE_YML.replace("language: nb", "language: no"),
        f"{C}:3: 'language' must be text, not true/false; put it in quotes",
    ),
    (
        "unknown course key",
        COURSE_YML + "author: me\n",
        f"{C}:5: warning: unknown key 'author' is ignored",
    ),
    (
        "unknown tier",
        COURSE_YML + "tiers:\n  bas:\n    modules: all\n  gull:\n    modules: 1\n",
        f"{C}:8: unknown tier 'gull' (expected bas, fordjupning or spets)",
    ),
    (
        "more modules than the tier has",
        COURSE_YML + "tiers:\n  bas:\n    modules: 5\n",
        f"{C}:7: modules: 5 but the course has only 1 bas module",
    ),
    (
        "modules for a tier without modules",
        COURSE_YML + "tiers:\n  fordjupning:\n    modules: 2\n",
        f"{C}:7: modules: 2 but the course has no fordjupning modules",
    ),
    (
        "modules zero",
        COURSE_YML + "tiers:\n  bas:\n    modules: 0\n",
        f"{C}:7: 'modules' must be 'all' or a whole number of at least 1, got '0'",
    ),
    (
        "modules as a word",
        COURSE_YML + "tiers:\n  bas:\n    modules: every\n",
        f"{C}:7: 'modules' must be 'all' or a whole number of at least 1, got 'every'",
    ),
    (
        "negative meetings",
        COURSE_YML + "tiers:\n  bas:\n    meetings: -1\n",
        f"{C}:7: 'meetings' must be a whole number of at least 0, got -1",
    ),
    (
        "unknown tier key",
        COURSE_YML + "tiers:\n  bas:\n    exams: 2\n",
        f"{C}:7: warning: unknown key 'exams' is ignored",
    ),
    (
        "tiers out of order",
        COURSE_YML + "tiers:\n  spets:\n    meetings: 1\n  bas:\n    meetings: 1\n",
        f"{C}:5: warning: list the tiers in the order bas, fordjupning, spets",
    ),
    (
        "invalid yaml",
        COURSE_YML + "tiers:\n  bas: [all\n",
        f"{C}:6: invalid YAML: while parsing a flow sequence, "
        "expected ',' or ']', but got '<stream end>'",
    ),
    (
        "unclosed quote at the end",
        COURSE_YML.replace("summary: A", 'summary: "A'),
        f"{C}:4: invalid YAML: while scanning a quoted scalar, found unexpected end of stream",
    ),
    (
        "control character",
        COURSE_YML.replace("title: Demo", "title: De\x07mo"),
        f"{C}:2: invalid YAML: the character U+0007 is not allowed",
    ),
    (
        "not a mapping",
        "- id: demo\n",
        f"{C}:1: course.yml must be a mapping of 'key: value' lines, not a list",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, text, expected in COURSE_DEFECTS],
    ids=[name for name, _, _ in COURSE_DEFECTS],
)
def test_course_defect_gives_one_problem(tmp_path: Path, text: str, expected: str) -> None:
    result = load(tmp_path, {"course.yml": text})
    problems = messages(result)
    if "not a mapping" in expected or "must be a mapping" in expected:
        problems = [p for p in problems if "missing required key" not in p]
    assert problems == [expected]


GLOSSARY_DEFECTS = [
    ("not a list", "term: avvik\n", f"{G}:1: glossary.yml must be a list of terms, not a mapping"),
    (
        "missing explanation",
        "- term: avvik\n  explanation: x\n- term: ok\n  explanation: fine\n- term: x\n",
        f"{G}:5: missing required key 'explanation'",
    ),
    (
        "forms not a list",
        "- term: avvik\n  forms: avviket\n  explanation: x\n",
        f"{G}:2: 'forms' must be a list, like [one, two], not text",
    ),
    (
        "term not text",
        "- term: 112\n  explanation: x\n",
        f"{G}:1: 'term' must be text, not a number; put it in quotes",
    ),
    (
        "duplicate term",
        "- term: avvik\n  explanation: x\n- term: Avvik\n  explanation: y\n",
        f"{G}:3: term 'Avvik' is already in the glossary (line 1)",
    ),
    (
        "entry not a mapping",
        "- avvik\n",
        f"{G}:1: a glossary entry must be a mapping with 'term' and 'explanation', not text",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, text, expected in GLOSSARY_DEFECTS],
    ids=[name for name, _, _ in GLOSSARY_DEFECTS],
)
def test_glossary_defect_gives_one_problem(tmp_path: Path, text: str, expected: str) -> None:
    assert messages(load(tmp_path, {"glossary.yml": text})) == [expected]


def test_duplicate_module_id_is_reported_on_the_second_file(tmp_path: Path) -> None:
    result = load(tmp_path, {"01-a.md": module_source("same"), "02-b.md": module_source("same")})
    assert messages(result) == [
        "demo/02-b.md:2: duplicate module id 'same' (already used by 01-a.md)"
    ]
    assert result.spec is None
    assert not result.ok


def test_duplicate_course_id_is_reported_on_the_second_folder(tmp_path: Path) -> None:
    write_course(tmp_path, {}, folder="a-first")
    write_course(tmp_path, {}, folder="b-second")
    first, second = load_courses(tmp_path)
    assert first.ok
    assert not second.ok
    assert messages(second) == [
        "b-second/course.yml:1: course id 'demo' is already used by a-first/course.yml"
    ]


def test_folder_with_markdown_but_no_course_file(tmp_path: Path) -> None:
    write_files(tmp_path / "lost", {"01-intro.md": module_source()})
    write_files(tmp_path / "typo", {"01-intro.md": module_source(), "course.yaml": COURSE_YML})
    assert [str(p) for p in check(tmp_path)] == [
        "lost/course.yml:1: missing course.yml: a folder with Markdown files needs one",
        "typo/course.yml:1: missing course.yml: rename course.yaml to course.yml",
    ]


def test_load_course_without_course_file(tmp_path: Path) -> None:
    folder = write_files(tmp_path / "demo", {"01-intro.md": module_source()})
    result = load_course(folder, tmp_path)
    assert messages(result) == ["demo/course.yml:1: missing course.yml"]
    assert result.spec is None


def test_one_run_reports_every_problem_in_every_file(tmp_path: Path) -> None:
    course_yml = COURSE_YML.replace("language: nb", "language: 12") + "version: 2\n"
    files: dict[str, str | bytes] = {
        "course.yml": course_yml,
        "glossary.yml": "- term: avvik\n",
        "01-a.md": module_source("a", tier="gold", minutes="0", body="![x](../x.png)\n\n" + QUIZ),
        "02-b.md": module_source(
            "b", body="```quiz\n? Q\n- [ ] a\n- [ ] b\n```\n\n```reflect\n```\n"
        ),
        "03-c.md": "no front matter\n",
    }
    result = load(tmp_path, files)
    assert messages(result) == [
        "demo/01-a.md:4: unknown tier 'gold' (expected bas, fordjupning or spets)",
        "demo/01-a.md:5: 'minutes' must be a whole number from 1 to 600, got 0",
        "demo/01-a.md:9: image '../x.png' points outside the course folder",
        "demo/02-b.md:10: quiz question 1 has no correct option; mark one with '- [x]'",
        "demo/02-b.md:15: reflect block is empty; write a prompt inside it",
        "demo/03-c.md:1: front matter must open on line 1 with '---'",
        "demo/course.yml:3: 'language' must be text, not a number; put it in quotes",
        "demo/course.yml:5: 'version' must be a string; quote it: version: \"2\"",
        "demo/glossary.yml:1: missing required key 'explanation'",
    ]
    assert result.spec is None
    assert [str(p) for p in check(tmp_path)] == messages(result)
