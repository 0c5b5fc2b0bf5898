"""Admin pages: users and their roles, and revoking awards with a reason."""

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
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    awards = db.session.scalars(
        sa.select(TierAward).order_by(TierAward.awarded_at.desc()).limit(50)
    ).all()
    return render_template("admin/index.html", users=users, awards=awards)


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
