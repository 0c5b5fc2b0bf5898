"""Administration: people, units, staff import, audit log, awards."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from lms.admin import (  # noqa: E402,F401
    audit_routes,
    import_routes,
    routes,
    unit_routes,
    user_routes,
)
