"""A learner's copy of their data; an admin deleting an account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.audit import record_event
from lms.auth.decorators import role_required
from lms.extensions import db
from lms.models import User
from lms.privacy.services import delete_user, export_user_data

bp = Blueprint("privacy", __name__)


@bp.get("/account/my-data.json")
@login_required
def my_data():
    """Everything Steg stores about the signed-in person, as a JSON download."""
    user = current_user._get_current_object()
    data = export_user_data(db.session, user)
    record_event(
        db.session, "user.export_own_data", actor=user, target_type="user", target_id=user.id
    )
    db.session.commit()
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="steg-my-data.json"'},
    )
    response.cache_control.no_store = True
    return response


@bp.post("/admin/users/<int:user_id>/delete")
@role_required("admin")
def delete(user_id: int):
    """Delete an account after the admin typed its username to confirm."""
    user = db.session.get(User, user_id) or abort(404)
    if request.form.get("confirm", "").strip() != user.username:
        flash(_("Type the username to confirm that the account is to be deleted."), "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    try:
        delete_user(db.session, user, current_user._get_current_object())
    except ValueError:
        flash(_("This account cannot be deleted."), "error")
        return redirect(url_for("admin.users"))
    db.session.commit()
    flash(_("The account is deleted. Awards stay verifiable without the name."), "success")
    return redirect(url_for("admin.users"))
