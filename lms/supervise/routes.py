"""Supervisor pages: the dashboard, a learner's record, and the dashboard's exports.

Every page goes through the scoping helpers in ``lms.supervise.services``: a unit,
learner or course a supervisor may not see is answered with 404, as if it did not exist.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lms.audit import record_event
from lms.auth.decorators import role_required
from lms.extensions import db
from lms.i18n import tier_name
from lms.models import utcnow
from lms.proof.transcript import transcript
from lms.supervise.dashboard import (
    Dashboard,
    Filters,
    Flag,
    Labels,
    NotVisible,
    build_dashboard,
    dashboard_table,
)
from lms.supervise.exports import table_csv, table_xlsx
from lms.supervise.services import visible_learner

bp = Blueprint("supervise", __name__, template_folder="templates")


def labels(language: str | None = None) -> Labels:
    """Dashboard wording in the UI language; tier names in the course's language."""

    def flag(f: Flag) -> str:
        if f.kind == "overdue":
            return _(
                "Overdue: %(tier)s not reached by %(date)s",
                tier=tier_name(f.tier, language),
                date=f.due.isoformat(),
            )
        if f.kind == "stalled":
            return ngettext(
                "Stalled: no activity for %(num)s day",
                "Stalled: no activity for %(num)s days",
                f.days,
            )
        return _("Not started yet")

    status_words = {
        "not_started": _("Not started"),
        "started": _("Started"),
        "passed": _("Passed"),
    }
    return Labels(
        tier=lambda t: tier_name(t, language),
        status=status_words.__getitem__,
        flag=flag,
        no_tier=_("No level yet"),
        columns=(
            _("Name"),
            _("Unit"),
            _("Level reached"),
            _("Needs attention"),
            _("Last activity"),
            _("Due date"),
        ),
    )


def _dashboard() -> Dashboard:
    try:
        filters = Filters.from_args(request.args)
        return build_dashboard(
            db.session,
            current_user,
            filters,
            today=utcnow().date(),
            stalled_days=current_app.config["SUPERVISE_STALLED_DAYS"],
        )
    except NotVisible:
        abort(404)


@bp.get("/")
@role_required("supervisor")
def index():
    """The supervisor's home: who needs a word first, and the course matrix."""
    dash = _dashboard()
    table = dashboard_table(
        dash, dash.page_rows, labels(dash.course.language if dash.course else None)
    )
    return render_template("supervise/dashboard.html", dash=dash, table=table)


def _export_table(dash: Dashboard):
    """Every filtered row (all pages), as the page shows them."""
    return dashboard_table(dash, dash.rows, labels(dash.course.language if dash.course else None))


def _audit_export(dash: Dashboard, kind: str) -> None:
    record_event(
        db.session,
        "dashboard.export",
        actor=current_user,
        target_type="course",
        target_id=dash.course.id if dash.course else None,
        format=kind,
        rows=len(dash.rows),
        filters=dash.filters.query(page=None),
    )
    db.session.commit()


def _filename(dash: Dashboard, ext: str) -> str:
    slug = dash.course.slug if dash.course else "steg"
    return f"steg-{slug}-{utcnow().date().isoformat()}.{ext}"


@bp.get("/export.csv")
@role_required("supervisor")
def export_csv():
    dash = _dashboard()
    body = table_csv(_export_table(dash))
    _audit_export(dash, "csv")
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename(dash, "csv")}"'},
    )


@bp.get("/export.xlsx")
@role_required("supervisor")
def export_xlsx():
    dash = _dashboard()
    title = dash.course.title if dash.course else "Steg"
    body = table_xlsx(_export_table(dash), title)
    _audit_export(dash, "xlsx")
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{_filename(dash, "xlsx")}"'},
    )


@bp.get("/learners/<int:user_id>")
@role_required("supervisor")
def learner(user_id: int):
    """One learner's record: the same records they see on their own progress page."""
    person = visible_learner(db.session, current_user, user_id) or abort(404)
    records = transcript(db.session, person)
    return render_template(
        "supervise/learner.html",
        person=person,
        records=records,
        total_minutes=sum(r.minutes for r in records),
    )


# Meetings and assignments have pages of their own; importing them adds their routes to bp.
from lms.supervise import assignment_pages, meeting_pages  # noqa: E402,F401
