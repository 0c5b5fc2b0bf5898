"""``flask backup create|restore``: a consistent copy of the database, and putting it back.

SQLite uses the driver's online backup (safe while the site runs). PostgreSQL uses
``pg_dump --format=custom`` and ``pg_restore --clean`` from the ``postgresql-client``
tools, with the same database URL the app uses. docs/operations.md says when to run them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

backup_cli = AppGroup("backup", help="Back up the database and restore a backup.")


def _libpq(url: sa.URL) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump/pg_restore take it, and an environment with the password.

    The password goes in PGPASSWORD, not on the command line, where ``ps`` would show it.
    """
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    bare = sa.URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str]) -> None:
    # No shell; the arguments are the configured database URL and the operator's path.
    done = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise click.ClickException(f"{Path(args[0]).name} failed: {done.stderr.strip()}")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise click.ClickException(f"{name} is missing: apt-get install postgresql-client")
    return path


def backup_database(engine: sa.Engine, target: Path) -> None:
    """Write a consistent copy of the database behind ``engine`` to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            with sqlite3.connect(target) as copy:
                raw.driver_connection.backup(copy)
            copy.close()
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        url, env = _libpq(engine.url)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), url], env)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise click.ClickException(f"no backup for {engine.dialect.name}")


def restore_database(engine: sa.Engine, source: Path) -> None:
    """Replace the database behind ``engine`` with the backup in ``source``."""
    if not source.is_file():
        raise click.ClickException(f"{source} does not exist")
    engine.dispose()  # no pooled connection may hold the old tables
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            with sqlite3.connect(source) as copy:
                copy.backup(raw.driver_connection)
            copy.close()
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        url, env = _libpq(engine.url)
        _run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
            + ["--dbname", url, str(source)],
            env,
        )
    else:  # pragma: no cover
        raise click.ClickException(f"no restore for {engine.dialect.name}")


@backup_cli.command("create")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def create(target: Path):
    """Write a backup of the database to TARGET."""
    from lms.extensions import db

    backup_database(db.engine, target)
    target.chmod(0o600)  # it holds personal data
    click.echo(f"Backed up the database to {target}.")


@backup_cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database now.")
def restore(source: Path, yes: bool):
    """Replace the database with the backup in SOURCE (stop the site first)."""
    from lms.extensions import db

    if not yes:
        click.confirm("This replaces everything in the database. Go on?", abort=True)
    restore_database(db.engine, source)
    click.echo(f"Restored the database from {source}.")
