"""Where each kind of user lands: the one place that knows every role's start page."""

from __future__ import annotations

from flask import url_for


def home_for(user) -> str:
    """Where a user lands after signing in: a page that is theirs.

    Admins land on /admin/ (they pass every role check, so test their role first).
    """
    if "admin" in user.role_names:
        return url_for("admin.index")
    if user.has_role("learner"):
        return url_for("learn.my_courses")
    if user.has_role("supervisor"):
        return url_for("supervise.index")
    # Authors (until they have an area of their own) and anyone else: a page every
    # signed-in person may open, never one that answers 403.
    return url_for("learn.my_progress")
