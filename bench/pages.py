"""What the bench measures: the pages, who opens them, and how to sign in.

The URLs are constants here so that a page moving (the supervisor dashboard, the
exports) is a one-line change. Used by ``bench.run`` over HTTP and by the test in
tests/bench through the Flask test client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from bench.seed import BENCH_PASSWORD, Seeded
from lms.models import Course, Module

# The supervisor dashboard for one unit (50 learners) and for the whole organisation
# (the organisation supervisor's first page). ``{unit_id}`` is filled in.
DASHBOARD_UNIT_URL = "/supervise/?unit={unit_id}"
DASHBOARD_ORG_URL = "/supervise/"
# The export of one unit (500 learners); measured only once the app has this route.
EXPORT_URL = "/supervise/export.csv?unit={unit_id}"

STATIC_URL = "/static/style.css"
COURSE_SLUG = "dette-ma-jeg-kunne"


@dataclass(frozen=True)
class Page:
    """One measured request: a name, a path, and whose session opens it."""

    name: str
    path: str
    who: str  # "learner", "small" (50-learner supervisor), "org" (organisation supervisor)
    method: str = "GET"
    body: str = ""


def quiz_module(session: Session) -> Module:
    """The module whose page and quiz the bench measures: the course's first quiz module."""
    modules = session.scalars(
        sa.select(Module)
        .join(Course)
        .where(Course.slug == COURSE_SLUG, Module.archived_at.is_(None))
        .order_by(Module.position)
    ).all()
    return next((m for m in modules if m.quiz), modules[0])


def right_answers(module: Module) -> list[tuple[str, str]]:
    """Form fields answering every question of ``module`` correctly."""
    return [(f"q{q['key']}", o["key"]) for q in module.quiz for o in q["options"] if o["correct"]]


def quiz_body(module: Module, csrf_token: str) -> str:
    """The quiz form without its one-time ``token`` field (wrk's script adds one)."""
    fields = [("csrf_token", csrf_token), ("content_hash", module.content_hash)]
    return urlencode(fields + right_answers(module))


def export_url(app: Flask) -> str | None:
    """The export URL when the app has an export route, else None (not measurable yet)."""
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    template = EXPORT_URL.split("?")[0].replace("{unit_id}", "<int:unit_id>")
    return EXPORT_URL if template in rules or EXPORT_URL.split("?")[0] in rules else None


def measured_pages(session: Session, seeded: Seeded, app: Flask) -> list[Page]:
    """Every GET the bench drives, in the order it drives them."""
    module = quiz_module(session)
    module_path = f"/courses/{COURSE_SLUG}/{module.slug}"
    pages = [
        Page("static", STATIC_URL, "learner"),
        Page("module", module_path, "learner"),
        Page("course", f"/courses/{COURSE_SLUG}/", "learner"),
        Page("my_courses", "/courses", "learner"),
        Page("my_progress", "/progress", "learner"),
        Page("dashboard_50", DASHBOARD_UNIT_URL.format(unit_id=seeded.small_unit_id), "small"),
        Page("dashboard_org", DASHBOARD_ORG_URL.format(unit_id=seeded.top_unit_id), "org"),
    ]
    export = export_url(app)
    if export:
        pages.append(Page("export_500", export.format(unit_id=seeded.export_unit_id), "org"))
    return pages


def quiz_page(session: Session, csrf_token: str) -> Page:
    """The quiz submit, a POST with the session's CSRF token."""
    module = quiz_module(session)
    path = f"/courses/{COURSE_SLUG}/{module.slug}/quiz"
    return Page("quiz_submit", path, "learner", "POST", quiz_body(module, csrf_token))


def sessions_for(seeded: Seeded) -> dict[str, str]:
    """Username per session kind."""
    return {
        "learner": seeded.learner,
        "small": seeded.small_supervisor,
        "org": seeded.org_supervisor,
    }


CSRF_INPUT = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token in a page's form (every page with a form has one)."""
    found = CSRF_INPUT.search(html) or re.search(r'value="([^"]+)" name="csrf_token"', html)
    if not found:
        raise RuntimeError("no csrf_token in the page")
    return found.group(1)


def login_form(username: str, csrf_token: str) -> dict[str, str]:
    return {"username": username, "password": BENCH_PASSWORD, "csrf_token": csrf_token}


def asset_paths(html: str) -> list[str]:
    """Stylesheets and scripts a page loads from this site."""
    links = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="(/[^"]+)"', html)
    scripts = re.findall(r'<script[^>]+src="(/[^"]+)"', html)
    return links + scripts
