"""Reading preferences, remembered per user, and the page classes they turn into."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.account.forms import ReadingForm
from lms.auth.routes import safe_next
from lms.content.first_languages import FIRST_LANGUAGES, text_direction
from lms.extensions import db

bp = Blueprint("account", __name__, template_folder="templates")


@bp.route("/account/reading", methods=["GET", "POST"])
@login_required
def reading():
    """A plain POST form (no JavaScript needed): first language, text size, line spacing."""
    form = ReadingForm()
    if request.method == "GET":
        form.first_language.data = current_user.first_language or ""
        form.text_size.data = current_user.text_size or "normal"
        form.line_spacing.data = current_user.line_spacing or "normal"
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit():
        current_user.first_language = form.first_language.data or None
        current_user.text_size = None if form.text_size.data == "normal" else form.text_size.data
        current_user.line_spacing = (
            None if form.line_spacing.data == "normal" else form.line_spacing.data
        )
        db.session.commit()
        flash(_("Your reading settings are saved."), "success")
        return redirect(safe_next(form.next.data) or url_for("account.reading"))
    return render_template("account/reading.html", form=form)


def reading_classes() -> str:
    """Classes for <html> that apply the signed-in user's text size and line spacing."""
    if not current_user or not current_user.is_authenticated:
        return ""
    classes = []
    if current_user.text_size:
        classes.append(f"text-{current_user.text_size}")
    if current_user.line_spacing:
        classes.append(f"spacing-{current_user.line_spacing}")
    return " ".join(classes)


def first_language() -> str | None:
    """The signed-in user's first language code, if they chose one."""
    if current_user and current_user.is_authenticated:
        return current_user.first_language
    return None


@bp.app_context_processor
def reading_helpers() -> dict:
    return {
        "reading_classes": reading_classes,
        "first_language": first_language,
        "FIRST_LANGUAGES": FIRST_LANGUAGES,
        "text_direction": text_direction,
    }
