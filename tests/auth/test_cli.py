"""Operator commands: users create/list and demo, through the Flask CLI runner."""

from __future__ import annotations

import sqlalchemy as sa

from lms.demo import DEMO_LEARNERS
from lms.extensions import db
from lms.models import Membership, User
from tests.conftest import login


def test_users_create_with_password_stdin_and_roles(app, runner, client):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "kari",
            "--role",
            "supervisor",
            "--role",
            "learner",
            "--name",
            "Kari Nordmann",
            "--password-stdin",
        ],
        input="a long secret\n",
    )
    assert result.exit_code == 0, result.output
    assert "a long secret" not in result.output
    user = db.session.scalar(sa.select(User).where(User.username == "kari"))
    assert user.role_names == {"supervisor", "learner"}
    assert user.display_name == "Kari Nordmann"
    assert login(client, "kari", "a long secret").status_code == 302


def test_users_create_prompts_without_echo(app, runner):
    result = runner.invoke(args=["users", "create", "ola"], input="hemmelig ord\nhemmelig ord\n")
    assert result.exit_code == 0, result.output
    assert "hemmelig ord" not in result.output
    assert db.session.scalar(sa.select(User).where(User.username == "ola")).role_names == {
        "learner"
    }


def test_users_create_refuses_taken_name_short_password_and_bad_role(app, runner):
    args = ["users", "create", "ola", "--password-stdin"]
    assert runner.invoke(args=args, input="a long enough passphrase\n").exit_code == 0
    taken = runner.invoke(args=args, input="a long enough passphrase\n")
    assert taken.exit_code == 1 and "taken" in taken.output
    short = runner.invoke(args=["users", "create", "per", "--password-stdin"], input="kort\n")
    assert short.exit_code == 1 and "at least 12" in short.output
    bad = runner.invoke(
        args=["users", "create", "eva", "--role", "king", "--password-stdin"],
        input="a long enough passphrase\n",
    )
    assert bad.exit_code == 2


def test_users_list(app, runner):
    runner.invoke(
        args=["users", "create", "ola", "--password-stdin"], input="a long enough passphrase\n"
    )
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert "ola" in result.output and "[learner]" in result.output


def test_demo_is_idempotent_and_prints_credentials_once(app, runner, client):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0
    lines = [line.split() for line in first.output.splitlines() if line.startswith("  ")]
    assert [name for name, _ in lines] == ["laerling", "leder", "forfatter", "admin"]
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "exist already" in second.output
    # The four role users, a second supervisor and the demo learners; nothing twice.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 5 + len(DEMO_LEARNERS)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 3 + len(
        DEMO_LEARNERS
    )
    password = dict(lines)["laerling"]
    assert login(client, "laerling", password).status_code == 302
