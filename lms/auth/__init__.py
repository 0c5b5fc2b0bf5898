"""Sign in, sign out, change password, roles."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from lms.auth import routes  # noqa: E402,F401
