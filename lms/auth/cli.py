"""Operator commands: ``flask users create`` and ``flask users list``."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from lms.auth.services import create_user
from lms.extensions import db
from lms.languages import LANGUAGES
from lms.models import ROLES, User

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.argument("username")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLES),
    default=("learner",),
    show_default=True,
    help="A role to give; repeat for several.",
)
@click.option("--name", "display_name", help="Display name (defaults to the username).")
@click.option("--email", help="Optional email.")
@click.option("--language", type=click.Choice(LANGUAGES), help="UI language.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of a prompt.",
)
def create(username, roles, display_name, email, language, password_stdin):
    """Create USERNAME. The password is asked for and never echoed."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(
            db.session,
            username,
            password,
            roles=roles,
            display_name=display_name,
            email=email,
            language=language,
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        )
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.username} ({', '.join(sorted(user.role_names))}).")


@users_cli.command("list")
def list_users():
    """List users with their roles."""
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    if not users:
        click.echo("No users yet.")
        return
    width = max(len(u.username) for u in users)
    for user in users:
        state = "" if user.active else "  (inactive)"
        click.echo(
            f"{user.username:<{width}}  {user.display_name}  "
            f"[{', '.join(sorted(user.role_names))}]{state}"
        )
