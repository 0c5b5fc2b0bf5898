"""The learner's side: my courses, course and module pages, quiz, reflections, progress."""

from flask import Blueprint

bp = Blueprint("learn", __name__, template_folder="templates")

from lms.learn import files, routes  # noqa: E402,F401
