"""Sign-in and password forms."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from lms.auth.policy import MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH, password_problem
from lms.languages import LANGUAGE_NAMES


class PasswordPolicy:
    """WTForms validator: the one password rule (lms.auth.policy), in the user's language.

    ``username_of`` returns the username the password must differ from (or None).
    """

    def __init__(self, username_of=None):
        self.username_of = username_of

    def __call__(self, form, field):
        username = self.username_of() if self.username_of else None
        problem = password_problem(field.data or "", username)
        if problem is not None:
            raise ValidationError(_(problem.message, **problem.params))


def _current_username() -> str | None:
    from flask_login import current_user

    return current_user.username if current_user.is_authenticated else None


class LoginForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Length(max=MAX_USERNAME_LENGTH)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), PasswordPolicy(_current_username)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class LanguageForm(FlaskForm):
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
    )
    next = HiddenField()


class ActivationForm(FlaskForm):
    """Choose a password on a one-time link; the rules are checked by set_password."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
