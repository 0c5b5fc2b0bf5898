"""The author area's blueprint (role ``author``, and admins), with its routes attached."""

from flask import Blueprint

bp = Blueprint("author", __name__, template_folder="templates")

from lms.author import routes, webhook  # noqa: E402,F401
