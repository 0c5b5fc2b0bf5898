"""Forms for meetings and assignments. Choices are filled per request from the
supervisor's own units, so a foreign id can never validate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class MeetingEditForm(FlaskForm):
    """A recorded meeting: its date, topic and who took part."""

    held_on = DateField(_l("Date of the meeting"), validators=[InputRequired()])
    title = StringField(_l("Topic"), validators=[DataRequired(), Length(max=200)])
    attendees = SelectMultipleField(_l("Who took part"), coerce=int, validate_choice=True)


class MeetingForm(MeetingEditForm):
    """A new meeting also names its course and the unit where it was held."""

    course = SelectField(_l("Course"), coerce=int, validators=[InputRequired()])
    unit = SelectField(_l("Unit"), coerce=int, validators=[InputRequired()])


class AssignmentForm(FlaskForm):
    course = SelectField(_l("Course"), coerce=int, validators=[InputRequired()])
    target_tier = SelectField(_l("Level to reach"), validators=[Optional()])
    due_on = DateField(_l("Due date"), validators=[Optional()])
    unit = SelectField(_l("Unit (with its sub-units)"), coerce=_int_or_none)
    learners = SelectMultipleField(_l("Or chosen learners"), coerce=int)

    def validate_learners(self, field):
        if (self.unit.data is None) == (not field.data):
            raise ValidationError(_l("Choose either a unit or one or more learners."))
