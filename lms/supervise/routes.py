"""Supervisor pages (the dashboards come with the supervisors issue)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from lms.auth.decorators import role_required
from lms.extensions import db
from lms.supervise.services import members_by_unit, units_visible_to

bp = Blueprint("supervise", __name__, template_folder="templates")


@bp.get("/")
@role_required("supervisor")
def index():
    units = list(db.session.scalars(units_visible_to(current_user)))
    return render_template(
        "supervise/index.html", units=units, members=members_by_unit(db.session, units)
    )
