"""Pages where a supervisor assigns courses to units or to chosen learners."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import role_required
from lms.content.tier_rules import TIERS
from lms.extensions import db
from lms.forms import EmptyForm
from lms.i18n import tier_name
from lms.models import Course, Unit, User
from lms.supervise.assignments import assign, unassign, visible_assignment, visible_assignments
from lms.supervise.forms import AssignmentForm
from lms.supervise.routes import bp
from lms.supervise.services import learners_in, unit_tree


@bp.route("/assignments/", methods=["GET", "POST"])
@role_required("supervisor")
def assignments():
    units = unit_tree(db.session, current_user)
    courses = list(
        db.session.scalars(
            sa.select(Course).where(Course.archived_at.is_(None)).order_by(Course.title)
        )
    )
    learners = learners_in(db.session, {u.id for u in units})
    form = AssignmentForm()
    form.course.choices = [(c.id, c.title) for c in courses]
    form.target_tier.choices = [("", _("First level of the course"))] + [
        (t, tier_name(t)) for t in TIERS
    ]
    form.unit.choices = [(None, _("No unit: chosen learners"))] + [
        (u.id, "\u2003" * u.depth + u.name) for u in units
    ]
    form.learners.choices = [(u.id, u.display_name) for u, _ids in learners]
    if form.validate_on_submit():
        course = db.session.get(Course, form.course.data)
        saved = assign(
            db.session,
            current_user,
            course,
            unit_id=form.unit.data,
            user_ids=form.learners.data,
            target_tier=form.target_tier.data or None,
            due=form.due_on.data,
        )
        db.session.commit()
        flash(
            _("%(course)s is assigned (%(num)s).", course=course.title, num=len(saved)), "success"
        )
        return redirect(url_for("supervise.assignments"))
    rows = list(db.session.scalars(visible_assignments(current_user)))
    names = _target_names(rows)
    return render_template(
        "supervise/assignments.html",
        form=form,
        assignments=rows,
        names=names,
        learners=[u for u, _ids in learners],
        delete_form=EmptyForm(),
    )


def _target_names(rows) -> dict[tuple[str, int], str]:
    """Names of the units and learners the assignments point at, in two queries."""
    unit_ids = {a.unit_id for a in rows if a.unit_id}
    user_ids = {a.user_id for a in rows if a.user_id}
    names = {}
    if unit_ids:
        for uid, name in db.session.execute(
            sa.select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))
        ):
            names[("unit", uid)] = name
    if user_ids:
        for uid, name in db.session.execute(
            sa.select(User.id, User.display_name).where(User.id.in_(user_ids))
        ):
            names[("user", uid)] = name
    return names


@bp.post("/assignments/<int:assignment_id>/delete")
@role_required("supervisor")
def delete_assignment(assignment_id: int):
    found = visible_assignment(db.session, current_user, assignment_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    unassign(db.session, current_user, found)
    db.session.commit()
    flash(_("The assignment is removed."), "success")
    return redirect(url_for("supervise.assignments"))
