"""The site icon at /favicon.ico, where browsers look for it without being told."""

from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("favicon", __name__)


@bp.get("/favicon.ico")
def favicon():
    """The icon from the static folder, cached for a day."""
    return send_from_directory(
        current_app.static_folder,
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=86400,
    )
