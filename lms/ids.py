"""Database ids taken from URLs and query strings: out of range is "not found".

An id larger than the database's integer (PostgreSQL ``integer`` is 32-bit) would fail
inside the driver and give a 500; here it never reaches a query.
"""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: 1 to MAX_ID, anything else does not match (404)."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def query_id(name: str) -> int:
    """The id in query parameter ``name``; aborts with 404 unless it is 1 to MAX_ID."""
    raw = request.args.get(name, "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or not 1 <= int(raw) <= MAX_ID:
        abort(404)
    return int(raw)
