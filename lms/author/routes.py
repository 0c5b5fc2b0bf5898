"""The author area: every course with its report, last sync and changes; module previews."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template

from lms.auth.decorators import role_required
from lms.author import webhook
from lms.author.preview import course_folders
from lms.author.views import add_preview_routes, preview_or_404
from lms.extensions import db
from lms.models import Course, SyncLog, WebhookDelivery

bp = Blueprint("author", __name__, template_folder="templates")
author_required = role_required("author")
# Signed with a shared secret, not a session: no sign-in and no CSRF token (exempt there).
bp.add_url_rule("/publish", view_func=webhook.publish_webhook, methods=["POST"])


def _root() -> Path:
    return Path(current_app.config["COURSES_DIR"])


def _last_syncs(folders: list[str]) -> dict[str, SyncLog]:
    """The newest sync log row of each folder, in one query."""
    newest = (
        sa.select(SyncLog.folder, sa.func.max(SyncLog.id).label("id"))
        .where(SyncLog.folder.in_(folders))
        .group_by(SyncLog.folder)
        .subquery()
    )
    rows = db.session.scalars(sa.select(SyncLog).join(newest, SyncLog.id == newest.c.id))
    return {row.folder: row for row in rows}


@bp.get("/")
@author_required
def index():
    root = _root()
    courses = [preview_or_404(root, folder, current_app.config) for folder in course_folders(root)]
    rows = db.session.scalars(sa.select(Course).where(Course.archived_at.is_(None)))
    live = {course.slug: course for course in rows}
    deliveries = db.session.scalars(
        sa.select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(5)
    ).all()
    return render_template(
        "author/index.html",
        courses=courses,
        live=live,
        last_sync=_last_syncs([c.folder for c in courses]),
        deliveries=deliveries,
    )


@bp.get("/courses/<folder>/")
@author_required
def course(folder: str):
    preview = preview_or_404(_root(), folder, current_app.config)
    live = db.session.scalar(sa.select(Course).where(Course.slug == preview.slug))
    history = db.session.scalars(
        sa.select(SyncLog).where(SyncLog.folder == folder).order_by(SyncLog.id.desc()).limit(10)
    ).all()
    return render_template("author/course.html", course=preview, live=live, history=history)


add_preview_routes(bp, author_required, _root)
