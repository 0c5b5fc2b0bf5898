"""Database engine settings that the ORM does not set by itself."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

SQLITE_BUSY_TIMEOUT_MS = 5000


def configure_sqlite(app: Flask) -> None:
    """On an SQLite file: WAL journal (readers never block the writer) and a busy timeout.

    Without them a second process (``flask content sync`` while the site runs) gets
    "database is locked" at once instead of waiting its turn. In-memory databases keep
    their defaults.
    """
    from lms.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return

    @sa.event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
