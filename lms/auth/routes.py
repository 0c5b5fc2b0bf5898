"""Sign in, sign out, password and language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth.forms import ChangePasswordForm, LanguageForm, LoginForm
from lms.auth.services import authenticate, password_matches, set_password
from lms.extensions import db, limiter
from lms.forms import EmptyForm
from lms.home import home_for

bp = Blueprint("auth", __name__, template_folder="templates")


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a local path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


def _hash_method() -> str:
    return current_app.config["PASSWORD_HASH_METHOD"]


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = authenticate(db.session, form.username.data, form.password.data, _hash_method())
        if user is None:
            # One message for unknown user and wrong password: usernames stay private.
            flash(_("Wrong username or password."), "error")
        else:
            login_user(user, remember=form.remember.data)
            session.pop("language", None)
            return redirect(safe_next(form.next.data) or home_for(user))
    return render_template("auth/login.html", form=form), 200


@bp.post("/logout")
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        logout_user()
        flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not password_matches(current_user, form.current_password.data):
            form.current_password.errors.append(_("That is not your current password."))
        else:
            set_password(current_user, form.new_password.data, _hash_method())
            db.session.commit()
            flash(_("Your password is changed."), "success")
            return redirect(home_for(current_user))
    return render_template("auth/change_password.html", form=form)


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            current_user.language = form.language.data
            db.session.commit()
        else:
            session["language"] = form.language.data
    return redirect(safe_next(form.next.data) or url_for("learn.my_courses"))


# The activation page's routes live beside these, on the same blueprint.
from lms.auth import activation_routes  # noqa: E402,F401
