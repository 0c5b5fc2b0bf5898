"""The admin home page, and revoking awards with a reason."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import role_required
from lms.extensions import db
from lms.models import TierAward, User
from lms.tiers.awards import revoke_award

bp = Blueprint("admin", __name__, template_folder="templates")


@bp.get("/")
@role_required("admin")
def index():
    """The admin's home: the admin sections, and the latest awards to revoke if needed."""
    awards = db.session.scalars(
        sa.select(TierAward).order_by(TierAward.awarded_at.desc()).limit(50)
    ).all()
    people = db.session.scalar(sa.select(sa.func.count()).select_from(User)) or 0
    return render_template("admin/index.html", people=people, awards=awards)


@bp.post("/awards/<int:award_id>/revoke")
@role_required("admin")
def revoke(award_id: int):
    award = db.session.get(TierAward, award_id) or abort(404)
    try:
        revoke_award(db.session, award, current_user, request.form.get("reason", ""))
    except ValueError:
        flash(_("Give a reason to revoke an award (it is kept in the audit log)."), "error")
        return redirect(url_for("admin.index"))
    db.session.commit()
    flash(_("The award is revoked."), "success")
    return redirect(url_for("admin.index"))


# The other admin pages live in their own modules, on the same blueprint.
from lms.admin import (  # noqa: E402,F401
    audit_routes,
    import_routes,
    unit_routes,
    user_routes,
)
