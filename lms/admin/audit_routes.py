"""The audit log page for admins: who did what, when; filtered and paginated."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from flask_babel import gettext as _

from lms.admin.audit_log import AuditFilter, action_label, audit_page, known_actions
from lms.admin.routes import bp
from lms.auth.decorators import role_required
from lms.extensions import db


def _date(name: str, errors: list[str]) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        errors.append(_("“%(value)s” is not a date. Use the form 2026-01-31.", value=value[:20]))
        return None


@bp.get("/audit")
@role_required("admin")
def audit():
    errors: list[str] = []
    actions = known_actions(db.session)
    action = request.args.get("action", "")
    wanted = AuditFilter(
        action=action if action in actions else "",
        actor=request.args.get("actor", "").strip()[:80],
        date_from=_date("from", errors),
        date_to=_date("to", errors),
        timezone=current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Oslo"),
    )
    page_arg = request.args.get("page", "1")
    page = int(page_arg) if page_arg.isdigit() and len(page_arg) < 7 else 1
    result = audit_page(db.session, wanted, page)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/audit.html",
        result=result,
        wanted=wanted,
        actions=actions,
        errors=errors,
        args=args,
        action_label=action_label,
    ), (400 if errors else 200)
