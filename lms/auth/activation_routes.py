"""The page behind a sign-in card's QR code: choose your own password, once."""

from __future__ import annotations

from flask import redirect, render_template
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from lms.audit import record_event
from lms.auth.activation import LinkAlreadyUsed, activate, find_valid
from lms.auth.forms import ActivationForm
from lms.auth.links import hash_method
from lms.auth.routes import bp
from lms.auth.services import MIN_PASSWORD_LENGTH
from lms.extensions import db
from lms.home import home_for

PRIVATE_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def password_error_message(error: ValueError) -> str:
    """A password-rule error in the user's language.

    Rule errors that carry an English msgid (``message`` and ``params``) are translated;
    any other ValueError gets the general rule.
    """
    message = getattr(error, "message", None)
    if isinstance(message, str):
        return _(message, **getattr(error, "params", {}))
    return _("Choose a password of at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)


@bp.route("/activate/<token>", methods=["GET", "POST"])
def activate_account(token: str):
    """Show the form for a valid link; an expired, used or unknown link gets one answer."""
    row = find_valid(db.session, token)
    if row is None:
        return render_template("auth/activate_invalid.html"), 404, PRIVATE_HEADERS
    form = ActivationForm()
    if form.validate_on_submit():
        try:
            user = activate(db.session, row, form.password.data, hash_method())
        except LinkAlreadyUsed:
            db.session.rollback()
            return render_template("auth/activate_invalid.html"), 404, PRIVATE_HEADERS
        except ValueError as error:
            db.session.rollback()
            form.password.errors.append(password_error_message(error))
        else:
            record_event(
                db.session, "user.activate", actor=user, target_type="user", target_id=user.id
            )
            db.session.commit()
            logout_user()  # whoever used this browser before is signed out first
            login_user(user)
            return redirect(home_for(user))
    page = render_template(
        "auth/activate.html", form=form, user=row.user, min_length=MIN_PASSWORD_LENGTH
    )
    # The address holds the token: keep it out of Referer headers and caches.
    return page, (200 if not form.errors else 422), PRIVATE_HEADERS
