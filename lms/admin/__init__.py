"""Administration: users, roles, awards."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from lms.admin import routes  # noqa: E402,F401
