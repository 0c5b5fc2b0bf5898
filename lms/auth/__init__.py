"""Sign in, sign out, change password, activation links, roles."""

from flask import Blueprint

bp = Blueprint("auth", __name__, template_folder="templates")

from lms.auth import activation_routes, routes  # noqa: E402,F401
