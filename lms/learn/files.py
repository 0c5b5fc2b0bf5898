"""Images and other assets served from a course folder (never outside it)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import abort, current_app, send_file
from flask_login import current_user, login_required

from lms.extensions import db
from lms.learn import bp
from lms.learn.services import visible_course

# Course sources are not assets: they may hold quiz answers.
BLOCKED_SUFFIXES = {".md", ".yml", ".yaml"}


def asset_path(courses_dir: Path, folder: str, relative: str) -> Path | None:
    """The file ``relative`` inside the course folder, or None if it leaves it or is missing."""
    base = (courses_dir / folder).resolve()
    if not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative:
        return None
    target = (base / relative).resolve()
    if not target.is_relative_to(base) or target == base or not target.is_file():
        return None
    if any(part.startswith(".") for part in target.relative_to(base).parts):
        return None
    if target.suffix.lower() in BLOCKED_SUFFIXES:
        return None
    return target


@bp.get("/courses/<course_slug>/_files/<path:relative>")
@login_required
def course_file(course_slug: str, relative: str):
    course = visible_course(db.session, current_user, course_slug) or abort(404)
    path = asset_path(Path(current_app.config["COURSES_DIR"]), course.folder, relative)
    if path is None:
        abort(404)
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = send_file(path, mimetype=mimetype, max_age=3600)
    # Behind a login: browsers may keep it, shared caches (proxies) must not.
    response.cache_control.public = False
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    # An SVG opened directly must not run scripts either.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response
