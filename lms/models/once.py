"""Insert a row exactly once: the one way the app writes what a unique constraint guards."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

T = TypeVar("T")


def insert_once(
    session: Session,
    find: Callable[[], T | None],
    make: Callable[[], T],
    *,
    look_first: bool = True,
) -> tuple[T, bool]:
    """The existing row, or a new one inserted in a savepoint; ``(row, created)``.

    A concurrent request that inserts the same row first makes the unique constraint
    fail here: the savepoint is rolled back (work done earlier in the transaction is
    kept) and the winner's row is read back, so nothing is duplicated and nothing fails.
    ``look_first=False`` skips the first lookup when the caller already knows the row
    is missing (it still reads the winner after a lost race).
    """
    if look_first:
        row = find()
        if row is not None:
            return row, False
    try:
        with session.begin_nested():
            row = make()
            session.add(row)
    except IntegrityError:
        row = find()
        if row is None:  # pragma: no cover - the conflicting row must exist
            raise
        return row, False
    return row, True
