"""Tiers reached, awards and the proof of them: certificates, badges, transcripts."""

from flask import Blueprint

bp = Blueprint("tiers", __name__, template_folder="templates")

from lms.tiers import routes  # noqa: E402,F401
