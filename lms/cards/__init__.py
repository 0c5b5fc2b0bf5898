"""Personal sign-in cards: a printable sheet with each person's one-time link as a QR code."""

from flask import Blueprint

bp = Blueprint("cards", __name__, template_folder="templates")

from lms.cards import routes  # noqa: E402,F401
