"""``flask content check``, ``sync``, ``new`` and ``preview``."""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.content import check
from lms.content.model import Problem
from lms.content.scaffold import (
    ScaffoldError,
    course_files,
    module_file,
    next_module_name,
    write_new,
)
from lms.content.sync import sync_courses
from lms.content.writing import WritingResult, check_writing, writing_settings
from lms.extensions import db

content_cli = AppGroup("content", help="Write, check, preview and load the courses in courses/.")


def _root(path: str | None) -> Path:
    """PATH, or the configured courses folder; a clear error when it is not a folder."""
    root = Path(path or current_app.config["COURSES_DIR"])
    if not root.is_dir():
        raise click.ClickException(f"{root} is not a folder")
    return root


def full_check(root: Path, *, spelling: bool = False) -> tuple[list[Problem], WritingResult]:
    """Format problems and the writer's warnings together, sorted by file and line."""
    writing = check_writing(root, writing_settings(current_app.config, spelling=spelling))
    problems = sorted([*check(root), *writing.problems], key=lambda p: (p.path, p.line))
    return problems, writing


@content_cli.command("check")
@click.argument("path", required=False)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text",
    help="text for people (grouped by file), json for tools and editors.",
)  # fmt: skip
@click.option(
    "--spelling", is_flag=True,
    help="Also check spelling (nb, nn, sv) with the hunspell dictionaries; slower.",
)  # fmt: skip
def check_command(path, output, spelling):
    """Validate the courses under PATH (default: COURSES_DIR). Exit 1 on errors.

    Warnings (readability, alt text, reading time, ...) never fail the check.
    """
    root = _root(path)
    problems, writing = full_check(root, spelling=spelling)
    errors = [p for p in problems if p.is_error]
    warnings = len(problems) - len(errors)
    if output == "json":
        click.echo(
            json.dumps(_as_json(root, problems, writing.notes), ensure_ascii=False, indent=2)
        )
    else:
        for index, (_path, group) in enumerate(groupby(problems, key=lambda p: p.path)):
            if index:
                click.echo("")
            for problem in group:
                click.echo(str(problem))
        for note in writing.notes:
            click.echo(f"note: {note}")
        click.echo(f"{len(errors)} errors, {warnings} warnings in {root}")
    if errors:
        raise SystemExit(1)


def _as_json(root: Path, problems: list[Problem], notes: list[str]) -> dict:
    files = [
        {
            "path": path,
            "problems": [
                {
                    "line": p.line,
                    "severity": p.severity,
                    "kind": p.kind or p.severity,
                    "message": p.message,
                }  # fmt: skip
                for p in group
            ],
        }
        for path, group in groupby(problems, key=lambda p: p.path)
    ]
    errors = sum(p.is_error for p in problems)
    return {
        "root": str(root),
        "errors": errors,
        "warnings": len(problems) - errors,
        "files": files,
        "notes": notes,
    }


@content_cli.command("sync")
@click.argument("path", required=False)
def sync_command(path):
    """Load the courses under PATH into the database. Exit 1 if a course is invalid."""
    root = _root(path)
    report = sync_courses(db.session, root, source="cli")
    db.session.commit()
    for result in report.invalid:
        for problem in result.problems:
            click.echo(str(problem), err=True)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)


new_cli = AppGroup("new", help="Start a course or a module from files that pass the check.")
content_cli.add_command(new_cli)


@new_cli.command("course")
@click.argument("course_id")
@click.option("--title", help="The course title (default: the id).")
@click.option("--language", default="nb", show_default=True, help="nb, nn, sv, en …")
@click.option("--path", "path", help="The courses folder (default: COURSES_DIR).")
def new_course(course_id, title, language, path):
    """Write COURSE_ID/course.yml and a first module."""
    root = _root(path)
    try:
        files = course_files(course_id, title or course_id.replace("-", " ").capitalize(), language)
        written = write_new(root / course_id, files)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    for file in written:
        click.echo(f"wrote {file}")


@new_cli.command("module")
@click.argument("course")
@click.argument("module_id")
@click.option("--title", help="The module title (default: the id).")
@click.option("--tier", default="bas", show_default=True, help="bas, fordjupning or spets.")
@click.option("--path", "path", help="The courses folder (default: COURSES_DIR).")
def new_module(course, module_id, title, tier, path):
    """Write a new module file in the course folder COURSE."""
    from lms.content.validate import canonical_tier

    root = _root(path)
    course_dir = root / course
    if not (course_dir / "course.yml").is_file():
        raise click.ClickException(f"{course_dir} has no course.yml; start it with 'new course'")
    if canonical_tier(tier) is None:
        raise click.ClickException(f"unknown tier '{tier}': use bas, fordjupning or spets")
    language = _course_language(course_dir)
    try:
        text = module_file(
            module_id, title or module_id.replace("-", " ").capitalize(), language, tier
        )
        written = write_new(course_dir, {next_module_name(course_dir, module_id): text})
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {written[0]}")


def _course_language(course_dir: Path) -> str:
    from lms.content.writing import course_language

    return course_language(course_dir / "course.yml") or "nb"


@content_cli.command("preview")
@click.argument("path", required=False)
@click.option("--port", default=5111, show_default=True, help="Port on 127.0.0.1.")
def preview_command(path, port):
    """Serve the courses under PATH on 127.0.0.1 and reload the page when a file is saved.

    Nothing is written to any database; validation problems show on the page.
    """
    from lms.author.preview_server import serve_preview

    root = _root(path).resolve()
    click.echo(f"Previewing {root} on http://127.0.0.1:{port}/ (Ctrl+C stops)")
    serve_preview(root, port)
