"""``flask content check`` and ``flask content sync``, run as an operator would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Course, Module
from tests.conftest import REPO
from tests.content.course_files import COURSE_YML, QUIZ, module_source, write_course, write_files


@pytest.fixture
def cli(app):
    """Run ``flask content ...`` and return click's result."""
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(args=["content", *args])

    return invoke


def problem_lines(output: str) -> list[str]:
    """The ``path:line: message`` lines of a check run (the summary line aside)."""
    return [line for line in output.splitlines() if line and " errors, " not in line]


# --- check -----------------------------------------------------------------------------


def test_check_passes_on_the_repositorys_own_courses(cli):
    result = cli("check", str(REPO / "courses"))

    assert result.exit_code == 0, result.output
    assert problem_lines(result.output) == []
    assert "0 errors" in result.output


def test_check_defaults_to_the_apps_courses_folder(cli, courses_dir):
    shutil.copytree(REPO / "courses", courses_dir, dirs_exist_ok=True)

    result = cli("check")

    assert result.exit_code == 0, result.output
    assert str(courses_dir) in result.output


BAD_TIERS_YML = COURSE_YML + "tiers:\n  fordjupning:\n    modules: 5\n"  # line 7: modules

QUESTIONS = """\
```quiz
? Nobody is right
- [ ] One
- [ ] Two

? Only one option
- [x] One
```
"""

# Each file holds one defect (the quiz holds two, on their own lines), so every expected
# line below belongs to exactly one mistake.
BROKEN_COURSES = {
    "alpha/course.yml": BAD_TIERS_YML,
    "alpha/01-untitled.md": module_source("untitled", tier="fordjupning").replace(
        "title: Intro\n", ""
    ),
    "alpha/02-expert.md": module_source("expert", tier="expert"),
    "alpha/03-first.md": module_source("first", tier="fordjupning"),
    "alpha/04-again.md": module_source("first"),
    "alpha/05-quiz.md": module_source("quiz", body="# Quiz\n\n" + QUESTIONS),
    "alpha/06-yaml.md": module_source("yaml", title="Intro: the basics"),
    "alpha/07-links.md": module_source(
        "links", body="# Links\n\n![Hands](img/missing.png)\n\n[Secret](../beta/course.yml)\n"
    ),
    "beta/course.yml": "id: beta\ntitle: Beta: the sequel\nlanguage: nb\nsummary: Broken.\n",
    "beta/01-intro.md": module_source(),
}

# Module bodies start on line 9; the quiz fence opens on line 11 of 05-quiz.md.
EXPECTED_PROBLEMS = [
    ("alpha/01-untitled.md:1: ", "missing required key 'title'"),
    ("alpha/02-expert.md:4: ", "unknown tier 'expert'"),
    ("alpha/04-again.md:2: ", "duplicate module id 'first'"),
    ("alpha/05-quiz.md:12: ", "no correct option"),
    ("alpha/05-quiz.md:16: ", "1 option"),
    ("alpha/06-yaml.md:3: ", "invalid YAML"),
    ("alpha/07-links.md:11: ", "img/missing.png"),
    ("alpha/07-links.md:13: ", "outside the course folder"),
    ("alpha/course.yml:7: ", "modules: 5"),
    ("beta/course.yml:2: ", "invalid YAML"),
]


def test_check_reports_each_defect_once_with_its_file_and_line(cli, tmp_path):
    root = write_files(tmp_path / "broken", BROKEN_COURSES)

    result = cli("check", str(root))

    assert result.exit_code == 1, result.output
    lines = problem_lines(result.output)
    assert len(lines) == len(EXPECTED_PROBLEMS), "\n".join(lines)
    for line, (prefix, words) in zip(lines, EXPECTED_PROBLEMS, strict=True):
        assert line.startswith(prefix), (line, prefix)
        assert words in line, (line, words)
    assert f"{len(EXPECTED_PROBLEMS)} errors, 0 warnings" in result.output


def test_yaml_error_at_the_end_of_course_yml_points_inside_the_file(cli, tmp_path):
    # An unclosed quote on the last line is only noticed at the end of the stream, past
    # the last line; the message must name a line that exists: line 4, where it opens.
    course_yml = 'id: demo\ntitle: Demo\nlanguage: nb\nsummary: "unclosed\n'
    write_course(tmp_path / "broken", {"course.yml": course_yml})

    (line,) = problem_lines(cli("check", str(tmp_path / "broken")).output)

    assert line.startswith("demo/course.yml:4: invalid YAML"), line


def test_warnings_are_printed_but_do_not_fail_the_check(cli, tmp_path):
    root = tmp_path / "warned"
    write_course(
        root, {"01-intro.md": module_source(body="# Intro\n\n[Click](javascript:alert(1))\n")}
    )

    result = cli("check", str(root))

    assert result.exit_code == 0, result.output
    (line,) = problem_lines(result.output)
    assert line.startswith("demo/01-intro.md:11: warning: ")
    assert "javascript:" in line
    assert "0 errors, 1 warnings" in result.output


def test_check_of_a_missing_folder_fails(cli, tmp_path):
    result = cli("check", str(tmp_path / "nowhere"))

    assert result.exit_code != 0
    assert "nowhere" in result.output


# --- sync ------------------------------------------------------------------------------


def test_sync_prints_what_it_added_changed_and_archived(cli, courses_dir):
    write_course(
        courses_dir,
        {"01-intro.md": module_source(), "02-quiz.md": module_source("quiz", body=QUIZ)},
    )

    first = cli("sync")
    assert first.exit_code == 0, first.output
    assert "added (3): demo, demo/intro, demo/quiz" in first.output

    again = cli("sync")
    assert again.exit_code == 0, again.output
    assert again.output.strip() == "no changes"

    (courses_dir / "demo" / "01-intro.md").write_text(module_source(body="# Intro\n\nNew text.\n"))
    (courses_dir / "demo" / "02-quiz.md").unlink()
    changed = cli("sync")
    assert changed.exit_code == 0, changed.output
    assert "changed (2): demo, demo/intro" in changed.output
    assert "archived (1): demo/quiz" in changed.output

    shutil.rmtree(courses_dir / "demo")
    removed = cli("sync")
    assert removed.exit_code == 0, removed.output
    assert "archived (1): demo" in removed.output


def test_sync_loads_the_repositorys_courses_into_the_database(cli, courses_dir):
    shutil.copytree(REPO / "courses", courses_dir, dirs_exist_ok=True)

    result = cli("sync")

    assert result.exit_code == 0, result.output
    slugs = set(db.session.scalars(sa.select(Course.slug)))
    assert slugs == {p.name for p in (REPO / "courses").iterdir() if (p / "course.yml").is_file()}
    module_files = [p for p in (REPO / "courses").glob("*/*.md") if p.name != "README.md"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Module)) == len(module_files)


def test_sync_fails_naming_the_invalid_course_and_still_loads_the_others(cli, courses_dir):
    write_course(courses_dir, {}, folder="good")
    write_files(
        courses_dir / "broken",
        {"course.yml": "id: broken\ntitle: [Broken\n", "01-intro.md": module_source()},
    )

    result = cli("sync")

    assert result.exit_code == 1
    assert "invalid: broken" in result.stdout
    assert "broken/course.yml:" in result.stderr
    assert "added (2): demo, demo/intro" in result.stdout
    assert db.session.scalar(sa.select(Course.slug)) == "demo"


def test_sync_of_a_missing_folder_fails(cli, tmp_path):
    result = cli("sync", str(tmp_path / "nowhere"))

    assert result.exit_code != 0
    assert "nowhere" in result.output


def test_sync_reads_the_given_folder(cli, tmp_path):
    root = write_course(tmp_path / "elsewhere", {}).parent

    result = cli("sync", str(Path(root)))

    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(Course.folder)) == "demo"
