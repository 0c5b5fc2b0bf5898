"""Forms of the admin pages (CSRF from Flask-WTF; rules live in the services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from lms.admin.staff_csv import EMAIL_PATTERN
from lms.models import ROLES


class PersonForm(FlaskForm):
    """A person's details, roles and member units (username only when creating)."""

    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(r"^\s*\S+\s*$", message=_l("A username cannot contain spaces.")),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "none"},
    )
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = StringField(
        _l("Email (optional)"),
        validators=[
            Optional(),
            Regexp(EMAIL_PATTERN, message=_l("This is not an email address.")),
            Length(max=254),
        ],
    )
    employee_number = StringField(
        _l("Employee number (optional)"), validators=[Optional(), Length(max=40)]
    )
    organisation_id = SelectField(_l("Organisation"), coerce=int, validate_choice=True)
    roles = SelectMultipleField(
        _l("Roles"), choices=[SelectChoice(r, r) for r in ROLES], validators=[DataRequired()]
    )
    unit_ids = SelectMultipleField(_l("Member of units"), coerce=int)


class UnitForm(FlaskForm):
    """A new unit: its name and where in the tree it goes."""

    name = StringField(_l("Name of the unit"), validators=[DataRequired(), Length(max=200)])
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    parent_id = SelectField(_l("Place it under"), coerce=int)


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name of the organisation"), validators=[DataRequired(), Length(max=200)])


class RenameUnitForm(FlaskForm):
    name = StringField(_l("New name"), validators=[DataRequired(), Length(max=200)])


class MoveUnitForm(FlaskForm):
    parent_id = SelectField(_l("Place it under"), coerce=int)


class SupervisorForm(FlaskForm):
    user_id = SelectField(_l("Person"), coerce=int)


class ImportForm(FlaskForm):
    """Step 1: the CSV file and the organisation it is for."""

    file = FileField(_l("Staff list (CSV file)"), validators=[FileRequired()])
    organisation_id = SelectField(_l("Organisation"), coerce=int)


class ConfirmImportForm(FlaskForm):
    """Step 2: the same file again, signed by the server, so nothing is re-uploaded."""

    payload = HiddenField(validators=[DataRequired()])
