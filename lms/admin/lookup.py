"""Finding a row named in a URL: a made-up or huge id is a 404, never a database error."""

from __future__ import annotations

from flask import abort

from lms.extensions import db

MAX_ID = 2**31 - 1  # PostgreSQL's integer; a larger value would make the query fail


def get_or_404(model, row_id: int):
    """The ``model`` row with ``row_id``, or abort with 404."""
    if not 0 < row_id <= MAX_ID:
        abort(404)
    return db.session.get(model, row_id) or abort(404)
