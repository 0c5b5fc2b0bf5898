"""Supervisors follow their own units."""

from flask import Blueprint

bp = Blueprint("supervise", __name__, template_folder="templates")

from lms.supervise import assignment_pages, meeting_pages, routes  # noqa: E402,F401
