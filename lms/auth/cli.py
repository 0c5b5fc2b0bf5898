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


@users_cli.command("reset")
@click.argument("username")
@click.option(
    "--base-url",
    help="The site's address for the link (default: PUBLIC_BASE_URL).",
)
def reset(username, base_url):
    """Print a fresh one-time link where USERNAME chooses a new password.

    Their current password and every older link stop working at once.
    """
    from flask import current_app, url_for

    from lms.audit import record_event
    from lms.auth.activation import issue_link
    from lms.auth.links import hash_method, valid_days
    from lms.auth.services import find_user

    user = find_user(db.session, username)
    if user is None:
        raise click.ClickException(f"No user called {username!r}.")
    if not user.active:
        raise click.ClickException(f"{user.username} is deactivated; reactivate them first.")
    base = base_url or current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        raise click.ClickException(
            "Give the site's address with --base-url https://... or set PUBLIC_BASE_URL."
        )
    token, _row = issue_link(db.session, user, valid_days=valid_days(), hash_method=hash_method())
    record_event(db.session, "user.reset", target_type="user", target_id=user.id, via="cli")
    with current_app.test_request_context():
        link = base.rstrip("/") + url_for("auth.activate_account", token=token)
    db.session.commit()
    click.echo(f"One-time link for {user.username} (works once, for {valid_days()} days):")
    click.echo(link)
