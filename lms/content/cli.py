"""``flask content check`` and ``flask content sync``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.content import check
from lms.content.sync import sync_courses
from lms.extensions import db

content_cli = AppGroup("content", help="Check and load the courses in courses/.")


def _root(path: str | None) -> Path:
    """PATH, or the configured courses folder; a clear error when it is not a folder."""
    root = Path(path or current_app.config["COURSES_DIR"])
    if not root.is_dir():
        raise click.ClickException(f"{root} is not a folder")
    return root


@content_cli.command("check")
@click.argument("path", required=False)
def check_command(path):
    """Validate the courses under PATH (default: COURSES_DIR). Exit 1 on errors."""
    root = _root(path)
    problems = check(root)
    for problem in problems:
        click.echo(str(problem))
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    click.echo(f"{len(errors)} errors, {warnings} warnings in {root}")
    if errors:
        raise SystemExit(1)


@content_cli.command("sync")
@click.argument("path", required=False)
def sync_command(path):
    """Load the courses under PATH into the database. Exit 1 if a course is invalid."""
    root = _root(path)
    report = sync_courses(db.session, root)
    db.session.commit()
    for result in report.invalid:
        for problem in result.problems:
            click.echo(str(problem), err=True)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)
