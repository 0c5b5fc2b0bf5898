"""Database engine settings that the ORM does not set by itself."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

SQLITE_BUSY_TIMEOUT_MS = 5000


def configure_sqlite(app: Flask) -> None:
    """Make SQLite keep transactions whole; on a file, WAL and a busy timeout too.

    Python's sqlite3 driver starts a transaction only before INSERT/UPDATE/DELETE, so a
    savepoint opened first (``session.begin_nested()``, which the "exactly once" helpers
    use) became the outermost transaction and its RELEASE committed half a request: a
    quiz attempt stayed stored when a later statement failed. So a savepoint first opens
    the real transaction when none is open. (Reads still run outside one, as the driver
    does by default: a read snapshot held through a request would make its later write
    fail at once with "database is locked" whenever another process wrote in between.)

    On a file, WAL lets readers go on while one process writes, and the busy timeout makes
    a second process (``flask content sync`` while the site runs) wait its turn instead of
    failing with "database is locked". In-memory databases skip those two.
    """
    from lms.extensions import db

    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    on_file = engine.url.database not in (None, "", ":memory:")

    if on_file:

        @sa.event.listens_for(engine, "connect")
        def set_pragmas(dbapi_connection, connection_record):
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()

    @sa.event.listens_for(engine, "savepoint")
    def begin_before_savepoint(conn, name):
        if not conn.connection.driver_connection.in_transaction:
            conn.exec_driver_sql("BEGIN")
