"""Backups with a tested restore: ``flask backup create`` then ``flask backup restore``
bring back what was deleted (SQLite here, PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import sqlalchemy as sa

from lms.extensions import db
from lms.models import User
from tests.conftest import login


def test_backup_then_restore_brings_data_back(app, runner, make_user, client, tmp_path):
    make_user("ola", "learner", display_name="Ola Nordmann")
    target = tmp_path / "backups" / "steg.backup"
    result = runner.invoke(args=["backup", "create", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0 and oct(target.stat().st_mode)[-3:] == "600"

    db.session.delete(db.session.scalar(sa.select(User).where(User.username == "ola")))
    db.session.commit()
    assert login(client, "ola").status_code == 200  # gone

    db.session.remove()
    refused = runner.invoke(args=["backup", "restore", str(target)], input="n\n")
    assert refused.exit_code != 0
    result = runner.invoke(args=["backup", "restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    restored = db.session.scalar(sa.select(User).where(User.username == "ola"))
    assert restored is not None and restored.display_name == "Ola Nordmann"
    assert login(client, "ola").status_code == 302
