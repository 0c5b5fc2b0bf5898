"""Pages where a supervisor records reflection meetings and who took part."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import role_required
from lms.extensions import db
from lms.i18n import tier_name
from lms.models import Course, Unit, User, utcnow
from lms.supervise.forms import MeetingEditForm, MeetingForm
from lms.supervise.meetings import (
    attendee_ids,
    record_meeting,
    update_meeting,
    visible_meeting,
    visible_meetings,
)
from lms.supervise.routes import bp
from lms.supervise.services import learners_in, unit_tree


def _live_courses() -> list[Course]:
    return list(
        db.session.scalars(
            sa.select(Course).where(Course.archived_at.is_(None)).order_by(Course.title)
        )
    )


def _people_by_unit(units) -> list[tuple[object, list[User]]]:
    """Learners to pick from, under each visible unit (a learner in two units shows twice)."""
    learners = learners_in(db.session, {u.id for u in units})
    return [(unit, [user for user, ids in learners if unit.id in ids]) for unit in units]


def _fill(form: MeetingEditForm, units, courses=()) -> list[tuple[object, list[User]]]:
    groups = _people_by_unit(units)
    if isinstance(form, MeetingForm):
        form.course.choices = [(c.id, c.title) for c in courses]
        form.unit.choices = [(u.id, u.name) for u in units]
    form.attendees.choices = sorted({(p.id, p.display_name) for _unit, ps in groups for p in ps})
    return groups


def _announce(awards, course: Course) -> None:
    for award in awards:
        flash(
            _(
                "%(name)s reached %(tier)s in %(course)s.",
                name=award.user.display_name,
                tier=tier_name(award.tier, course.language),
                course=course.title,
            ),
            "success",
        )


@bp.get("/meetings/")
@role_required("supervisor")
def meetings():
    rows = list(db.session.scalars(visible_meetings(current_user)))
    return render_template("supervise/meetings.html", meetings=rows)


@bp.route("/meetings/new", methods=["GET", "POST"])
@role_required("supervisor")
def new_meeting():
    units = unit_tree(db.session, current_user)
    courses = _live_courses()
    form = MeetingForm()
    if not form.is_submitted():
        form.held_on.data = utcnow().date()  # most meetings are recorded the same day
    groups = _fill(form, units, courses)
    if not units or not courses:
        flash(_("You need a unit and a course before you can record a meeting."), "error")
        return redirect(url_for("supervise.meetings"))
    if form.validate_on_submit():
        course = db.session.get(Course, form.course.data)
        unit = next(u for u in units if u.id == form.unit.data)
        meeting, awards = record_meeting(
            db.session,
            current_user,
            course=course,
            unit=unit,
            title=form.title.data,
            held_on=form.held_on.data,
            attendees=set(form.attendees.data),
            issuer=current_app.config["ISSUER_NAME"],
        )
        db.session.commit()
        flash(_("The meeting is saved."), "success")
        _announce(awards, course)
        return redirect(url_for("supervise.meeting", meeting_id=meeting.id))
    return render_template(
        "supervise/meeting_form.html",
        form=form,
        groups=groups,
        others=[],
        meeting=None,
        unit=None,
        chosen=set(form.attendees.data or ()),
    )


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
@role_required("supervisor")
def meeting(meeting_id: int):
    found = visible_meeting(db.session, current_user, meeting_id) or abort(404)
    units = unit_tree(db.session, current_user)
    # The course and unit of a recorded meeting stay as they are: the form has neither.
    form = MeetingEditForm()
    groups = _fill(form, units)
    before = attendee_ids(db.session, found)
    if not form.is_submitted():
        form.title.data = found.title
        form.held_on.data = found.held_on
    # Someone who took part but has since left the supervisor's units stays on the list.
    former = db.session.execute(
        sa.select(User.id, User.display_name).where(User.id.in_(before))
    ).all()
    form.attendees.choices = sorted(set(form.attendees.choices) | {tuple(r) for r in former})
    if form.validate_on_submit():
        awards = update_meeting(
            db.session,
            current_user,
            found,
            title=form.title.data,
            held_on=form.held_on.data,
            attendees=set(form.attendees.data),
            issuer=current_app.config["ISSUER_NAME"],
        )
        db.session.commit()
        flash(_("The meeting is saved."), "success")
        _announce(awards, found.course)
        return redirect(url_for("supervise.meeting", meeting_id=found.id))
    chosen = set(form.attendees.data) if form.is_submitted() else before
    listed = {p.id for _unit, people in groups for p in people}
    return render_template(
        "supervise/meeting_form.html",
        form=form,
        groups=groups,
        others=[(uid, name) for uid, name in former if uid not in listed],
        meeting=found,
        unit=db.session.get(Unit, found.unit_id),
        chosen=chosen,
    )
