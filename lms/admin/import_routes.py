"""Staff onboarding without email: upload a CSV, see what it will do, confirm; export.

Nothing is written until the admin confirms. The preview carries the file to the
confirm step in a hidden field signed with the app's secret key (valid one hour), and
the confirm step reads and checks it again against the database as it is then.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms.fields.choices import SelectChoice

from lms.admin.forms import ConfirmImportForm, ImportForm
from lms.admin.lookup import get_or_404
from lms.admin.routes import bp
from lms.admin.staff_csv import (
    ImportPlan,
    ImportRowError,
    apply_import,
    export_staff_csv,
    plan_import,
    read_staff_csv,
)
from lms.auth.decorators import role_required
from lms.extensions import db
from lms.i18n import N_
from lms.models import Organisation

PAYLOAD_MAX_AGE = 3600
COLUMN_LABELS = {
    "name": N_("Name"),
    "username": N_("Username"),
    "email": N_("Email"),
    "unit": N_("Unit"),
    "employee_number": N_("Employee number"),
    "organisation": N_("Organisation"),
}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="staff-import")


def _organisation_choices(form) -> list[Organisation]:
    orgs = list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name)))
    form.organisation_id.choices = [SelectChoice(o.id, o.name) for o in orgs]
    return orgs


def _preview(org: Organisation, plan: ImportPlan, payload: str | None, status: int = 200):
    confirm = ConfirmImportForm()
    confirm.payload.data = payload if plan.ok else ""
    return render_template(
        "admin/import_preview.html",
        org=org,
        plan=plan,
        confirm=confirm,
        column_label=lambda key: _(COLUMN_LABELS[key]),
    ), status


@bp.route("/import", methods=["GET", "POST"])
@role_required("admin")
def import_staff():
    """Step 1 (upload) and the preview it leads to; nothing is written here."""
    form = ImportForm()
    orgs = _organisation_choices(form)
    if form.validate_on_submit():
        org = get_or_404(Organisation, form.organisation_id.data)
        data = form.file.data.read()
        plan = plan_import(db.session, org, read_staff_csv(data))
        payload = None
        if plan.ok:
            payload = _serializer().dumps({"org": org.id, "csv": data.decode("utf-8-sig")})
        return _preview(org, plan, payload, 200 if plan.ok else 422)
    return render_template("admin/import.html", form=form, orgs=orgs)


@bp.post("/import/confirm")
@role_required("admin")
def confirm_import():
    """Step 2: check the signed file again and write it, all or nothing."""
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400, _("The import could not be read. Upload the file again."))
    try:
        data = _serializer().loads(form.payload.data, max_age=PAYLOAD_MAX_AGE)
        org_id, text = int(data["org"]), str(data["csv"])
    except (BadSignature, KeyError, TypeError, ValueError):
        abort(400, _("The import is too old or was changed. Upload the file again."))
    org = get_or_404(Organisation, org_id)
    plan = plan_import(db.session, org, read_staff_csv(text.encode("utf-8")))
    if not plan.ok:  # someone changed people or units since the preview
        return _preview(org, plan, None, 422)
    try:
        created = apply_import(db.session, org, plan, current_user)
    except ImportRowError as error:
        db.session.rollback()
        refused = ImportPlan(plan.rows, (error.problem,), plan.ignored_columns)
        return _preview(org, refused, None, 422)
    db.session.commit()
    return render_template("admin/import_done.html", org=org, plan=plan, created=created)


@bp.get("/staff.csv")
@role_required("admin")
def export_staff():
    """The organisation's staff list as CSV, in the format the import reads."""
    org_id = request.args.get("organisation", "")
    if not org_id.isdigit():
        abort(404)
    org = get_or_404(Organisation, int(org_id[:12]))
    return Response(
        export_staff_csv(db.session, org),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="staff.csv"',
            "Cache-Control": "no-store",
        },
    )
