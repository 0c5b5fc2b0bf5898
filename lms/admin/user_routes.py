"""Admin pages for people: list, create, change, deactivate and reactivate."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from lms.admin.forms import PersonForm
from lms.admin.lookup import get_or_404
from lms.admin.people import (
    create_person,
    member_unit_ids,
    set_active,
    units_for_choice,
    update_person,
)
from lms.admin.routes import bp
from lms.auth.decorators import role_required
from lms.cards.services import units_of
from lms.extensions import db
from lms.forms import EmptyForm
from lms.i18n import role_name
from lms.models import ROLES, Organisation, User


def error_text(error: ValueError) -> str:
    """A rule error in the UI language when it carries a msgid, else a general message."""
    message = getattr(error, "message", None)
    if isinstance(message, str):
        return _(message, **getattr(error, "params", {}))
    return _("This could not be saved. Check what you typed.")


def _person_form(user: User | None = None) -> PersonForm:
    form = PersonForm(obj=user) if user is not None and request.method == "GET" else PersonForm()
    form.roles.choices = [SelectChoice(r, role_name(r)) for r in ROLES]
    units = units_for_choice(db.session)
    form.unit_ids.choices = [SelectChoice(u.id, u.name) for u in units]
    orgs = db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
    form.organisation_id.choices = [SelectChoice(0, _("None"))] + [
        SelectChoice(o.id, o.name) for o in orgs
    ]
    if request.method == "GET":
        if user is not None:
            form.roles.data = sorted(user.role_names)
            form.unit_ids.data = member_unit_ids(db.session, user)
            form.organisation_id.data = user.organisation_id or 0
        else:
            form.roles.data = ["learner"]
            form.organisation_id.data = orgs[0].id if len(orgs) == 1 else 0
    return form


@bp.get("/users")
@role_required("admin")
def users():
    """Everyone, by name; ``q`` narrows to names, usernames or employee numbers."""
    query = sa.select(User).order_by(User.display_name, User.id)
    q = request.args.get("q", "").strip()[:80]
    if q:
        like = f"%{q.lower()}%"
        query = query.where(
            sa.or_(
                sa.func.lower(User.display_name).like(like),
                sa.func.lower(User.username).like(like),
                sa.func.lower(sa.func.coalesce(User.employee_number, "")).like(like),
            )
        )
    people = list(db.session.scalars(query))
    return render_template(
        "admin/users.html", people=people, units=units_of(db.session, people), q=q
    )


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def new_user():
    form = _person_form()
    if form.validate_on_submit():
        try:
            user = create_person(
                db.session,
                username=form.username.data,
                display_name=form.display_name.data.strip(),
                email=(form.email.data or "").strip() or None,
                employee_number=(form.employee_number.data or "").strip() or None,
                roles=form.roles.data,
                unit_ids=form.unit_ids.data,
                organisation_id=form.organisation_id.data or None,
                actor=current_user,
            )
        except ValueError as error:
            db.session.rollback()
            form.username.errors.append(error_text(error))
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is created. Print a sign-in card so they can choose a password.",
                    name=user.display_name,
                ),
                "success",
            )
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int):
    user = get_or_404(User, user_id)
    form = _person_form(user)
    form.username.data = user.username  # the username is the key; it is not changed here
    if form.validate_on_submit():
        try:
            changed = update_person(
                db.session,
                user,
                display_name=form.display_name.data.strip(),
                email=(form.email.data or "").strip() or None,
                employee_number=(form.employee_number.data or "").strip() or None,
                roles=form.roles.data,
                unit_ids=form.unit_ids.data,
                organisation_id=form.organisation_id.data or None,
                actor=current_user,
            )
        except ValueError as error:
            db.session.rollback()
            flash(error_text(error), "error")
        else:
            db.session.commit()
            flash(_("Saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=user, button=EmptyForm())


@bp.post("/users/<int:user_id>/deactivate")
@role_required("admin")
def deactivate_user(user_id: int):
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/reactivate")
@role_required("admin")
def reactivate_user(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    user = get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        try:
            set_active(db.session, user, active, current_user)
        except ValueError as error:
            db.session.rollback()
            flash(error_text(error), "error")
        else:
            db.session.commit()
            if active:
                flash(_("%(name)s can sign in again.", name=user.display_name), "success")
            else:
                flash(_("%(name)s can no longer sign in.", name=user.display_name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))
