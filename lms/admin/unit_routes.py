"""Admin pages for units: the tree, create, rename, move, and supervisors per unit."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from lms.admin.forms import (
    MoveUnitForm,
    OrganisationForm,
    RenameUnitForm,
    SupervisorForm,
    UnitForm,
)
from lms.admin.lookup import get_or_404
from lms.admin.routes import bp
from lms.admin.units import (
    add_supervisor,
    create_organisation,
    create_unit,
    descendant_ids,
    move_unit,
    remove_supervisor,
    rename_unit,
    supervisors_of,
    tree_rows,
)
from lms.admin.user_routes import error_text
from lms.auth.decorators import role_required
from lms.extensions import db
from lms.forms import EmptyForm
from lms.models import Organisation, Unit, User

TOP = 0  # the "no parent" choice in a select


def _organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name)))


def _indented(rows: list[tuple[Unit, int]]) -> list[tuple[int, str]]:
    return [SelectChoice(unit.id, "\u2003" * depth + unit.name) for unit, depth in rows]


@bp.route("/units", methods=["GET", "POST"])
@role_required("admin")
def units():
    """Each organisation's units as a tree, and a form for a new unit."""
    orgs = _organisations()
    trees = {org.id: tree_rows(db.session, org) for org in orgs}
    form = UnitForm()
    form.organisation_id.choices = [SelectChoice(o.id, o.name) for o in orgs]
    form.parent_id.choices = [SelectChoice(TOP, _("Nothing (a top-level unit)"))] + [
        choice for org in orgs for choice in _indented(trees[org.id])
    ]
    if form.validate_on_submit():
        org = get_or_404(Organisation, form.organisation_id.data)
        parent = get_or_404(Unit, form.parent_id.data) if form.parent_id.data else None
        try:
            unit = create_unit(db.session, org, form.name.data, parent, current_user)
        except ValueError as error:
            db.session.rollback()
            form.name.errors.append(error_text(error))
        else:
            db.session.commit()
            flash(_("The unit %(name)s is created.", name=unit.name), "success")
            return redirect(url_for("admin.units"))
    return render_template(
        "admin/units.html",
        orgs=orgs,
        trees=trees,
        form=form,
        org_form=OrganisationForm(prefix="org", formdata=None),
    )


@bp.post("/organisations")
@role_required("admin")
def new_organisation():
    form = OrganisationForm(prefix="org")
    if form.validate_on_submit():
        try:
            org = create_organisation(db.session, form.name.data, current_user)
        except ValueError as error:
            db.session.rollback()
            flash(error_text(error), "error")
        else:
            db.session.commit()
            flash(_("The organisation %(name)s is created.", name=org.name), "success")
    return redirect(url_for("admin.units"))


def _unit_forms(unit: Unit):
    rename = RenameUnitForm(prefix="rename")
    move = MoveUnitForm(prefix="move")
    org = db.session.get(Organisation, unit.organisation_id)
    inside = descendant_ids(db.session, unit)
    # The choices leave out the unit and what is inside it; the service refuses them too.
    move.parent_id.choices = [SelectChoice(TOP, _("Nothing (a top-level unit)"))] + [
        choice for choice in _indented(tree_rows(db.session, org)) if choice.value not in inside
    ]
    supervisor = SupervisorForm(prefix="supervisor")
    people = db.session.scalars(
        sa.select(User).where(User.active.is_(True)).order_by(User.display_name)
    )
    supervisor.user_id.choices = [
        SelectChoice(p.id, f"{p.display_name} ({p.username})") for p in people
    ]
    return org, rename, move, supervisor


@bp.get("/units/<int:unit_id>")
@role_required("admin")
def unit(unit_id: int):
    unit = get_or_404(Unit, unit_id)
    return _render_unit(unit)


def _render_unit(unit: Unit, status: int = 200, **forms):
    org, rename, move, supervisor = _unit_forms(unit)
    rename = forms.get("rename", rename)
    move = forms.get("move", move)
    if "move" not in forms:
        move.parent_id.data = unit.parent_id or TOP
    if "rename" not in forms:
        rename.name.data = unit.name
    return render_template(
        "admin/unit.html",
        unit=unit,
        org=org,
        rename=rename,
        move=move,
        supervisor=forms.get("supervisor", supervisor),
        supervisors=supervisors_of(db.session, unit),
        button=EmptyForm(),
    ), status


@bp.post("/units/<int:unit_id>/rename")
@role_required("admin")
def rename(unit_id: int):
    unit = get_or_404(Unit, unit_id)
    _org, form, _move, _sup = _unit_forms(unit)
    if not form.validate_on_submit():
        return _render_unit(unit, 422, rename=form)
    return _save_unit_change(
        unit,
        lambda: rename_unit(db.session, unit, form.name.data, current_user),
        form.name,
        rename=form,
    )


@bp.post("/units/<int:unit_id>/move")
@role_required("admin")
def move(unit_id: int):
    unit = get_or_404(Unit, unit_id)
    _org, _rename, form, _sup = _unit_forms(unit)
    # Any unit id is accepted here so that a loop gets its own clear message.
    form.parent_id.validate_choice = False
    if not form.validate_on_submit():
        abort(400)
    parent = get_or_404(Unit, form.parent_id.data) if form.parent_id.data else None
    return _save_unit_change(
        unit, lambda: move_unit(db.session, unit, parent, current_user), form.parent_id, move=form
    )


def _save_unit_change(unit: Unit, change, field, **shown_forms):
    """Run ``change``; commit and go back to the unit, or show the rule it broke on ``field``."""
    try:
        change()
    except ValueError as error:
        db.session.rollback()
        field.errors.append(error_text(error))
        return _render_unit(unit, 422, **shown_forms)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("admin.unit", unit_id=unit.id))


@bp.post("/units/<int:unit_id>/supervisors")
@role_required("admin")
def add_unit_supervisor(unit_id: int):
    unit = get_or_404(Unit, unit_id)
    _org, _rename, _move, form = _unit_forms(unit)
    if not form.validate_on_submit():
        abort(400)
    person = get_or_404(User, form.user_id.data)
    add_supervisor(db.session, unit, person, current_user)
    db.session.commit()
    flash(_("%(name)s now leads %(unit)s.", name=person.display_name, unit=unit.name), "success")
    return redirect(url_for("admin.unit", unit_id=unit.id))


@bp.post("/units/<int:unit_id>/supervisors/<int:user_id>/remove")
@role_required("admin")
def remove_unit_supervisor(unit_id: int, user_id: int):
    unit = get_or_404(Unit, unit_id)
    person = get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        remove_supervisor(db.session, unit, person, current_user)
        db.session.commit()
        flash(
            _("%(name)s no longer leads %(unit)s.", name=person.display_name, unit=unit.name),
            "success",
        )
    return redirect(url_for("admin.unit", unit_id=unit.id))
