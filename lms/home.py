"""Where each kind of user lands: the one place that knows every role's start page."""

from __future__ import annotations

from flask import url_for


def home_for(user) -> str:
    """Where a user lands after signing in."""
    if user.has_role("learner"):
        return url_for("learn.my_courses")
    if user.has_role("supervisor"):
        return url_for("supervise.index")
    return url_for("learn.my_courses")
