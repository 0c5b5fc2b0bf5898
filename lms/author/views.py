"""Module previews shared by the author area and ``flask content preview``.

The views read the course files, grade answers in memory and render the learner's own
module template. They never write to the database: not a row, not a progress mark.
"""

from __future__ import annotations

import mimetypes
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask_babel import gettext as _

from lms.author.preview import PreviewCourse, PreviewModule, load_preview
from lms.content.writing import writing_settings
from lms.learn.files import asset_path
from lms.learn.grading import (
    ForgedAnswer,
    feedback,
    grade,
    option_order,
    shows_key,
    unanswered,
    validate_answers,
)


class PreviewStanding:
    """The standing of a learner who has not started: what a first visit looks like."""

    def status(self, module) -> str:
        return "not_started"


@dataclass(frozen=True)
class PreviewAttempt:
    """A graded answer shown like a stored attempt, but kept only for this response."""

    correct: int
    total: int
    score: int
    passed: bool
    answers: dict[str, list[str]]
    content_hash: str
    token: str


def preview_or_404(root: Path, folder: str, config) -> PreviewCourse:
    return load_preview(root, folder, writing_settings(config)) or abort(404)


def _module_or_404(course: PreviewCourse, name: str) -> PreviewModule:
    return course.module(name) or abort(404)


def _urls(course: PreviewCourse, module: PreviewModule) -> dict[str, str]:
    bp = request.blueprint
    args = {"folder": course.folder, "name": module.name}
    return {
        "course": url_for(f"{bp}.course", folder=course.folder),
        "module": url_for(f"{bp}.module", **args),
        "quiz": url_for(f"{bp}.submit_quiz", **args),
        "reflections": url_for(f"{bp}.save_reflections", **args),
        "read": url_for(f"{bp}.mark_read", **args),
    }


def _form_token() -> str:
    """The posted form token (it seeds the option order), or a new one."""
    token = request.form.get("token", "")
    return token if 8 <= len(token) <= 64 else secrets.token_urlsafe(16)


def render_module(course, module, *, live=False, attempt=None, answers=None, errors=(),
                  notice=None, token=None):  # fmt: skip
    """The learner's module page for a preview, with the file's problems beside it.

    Options are shuffled and the answer key shown exactly as for a learner who has not
    passed the module yet; explanations always show.
    """
    token = token or secrets.token_urlsafe(16)
    seed = token if course.shuffle_options else None
    key_shown = attempt is not None and shows_key(
        course.show_answers, attempt_passed=attempt.passed, module_passed=False
    )
    results = None
    if attempt is not None:
        results = feedback(module.questions, attempt.answers, show_key=key_shown, seed=seed)
    return render_template(
        "author/preview.html",
        course=course,
        module=module,
        s=PreviewStanding(),
        progress=None,
        attempt=attempt,
        results=results,
        key_shown=key_shown,
        questions=[(q, option_order(q, seed)) for q in module.questions],
        answers=answers or {},
        errors=errors,
        token=token,
        reflections={},
        next_module=None,
        preview_urls=_urls(course, module),
        notice=notice,
        live=live,
    )


def _answers_from_form() -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for name in request.form:
        if name in ("csrf_token", "token", "content_hash"):
            continue
        if not name.startswith("q"):
            raise ForgedAnswer(f"unexpected field {name!r}")
        answers[name[1:]] = request.form.getlist(name)
    return answers


def add_preview_routes(bp: Blueprint, guard, root_of, *, live: bool = False) -> None:
    """Attach the preview pages to ``bp``; ``guard`` wraps each view (access check),
    ``root_of()`` names the courses folder."""
    from flask import current_app

    def load(folder: str) -> PreviewCourse:
        return preview_or_404(root_of(), folder, current_app.config)

    @bp.get("/courses/<folder>/<name>")
    @guard
    def module(folder: str, name: str):
        course = load(folder)
        return render_module(course, _module_or_404(course, name), live=live)

    @bp.post("/courses/<folder>/<name>/quiz")
    @guard
    def submit_quiz(folder: str, name: str):
        course = load(folder)
        module = _module_or_404(course, name)
        if not module.quiz:
            abort(400, description=_("This module has no quiz."))
        try:
            answers = _answers_from_form()
            validate_answers(module.questions, answers)
        except ForgedAnswer:
            abort(400, description=_("Your answer did not match the questions in this module."))
        token = _form_token()
        missing = unanswered(module.questions, answers)
        if missing:
            message = _(
                "Answer every question before you submit. Missing: %(list)s.",
                list=", ".join(missing),
            )
            return render_module(
                course, module, live=live, answers=answers, errors=[message], token=token
            )
        result = grade(module.questions, answers, module.pass_percent)
        attempt = PreviewAttempt(
            result.correct, result.total, result.score, result.passed, result.answers(),
            module.content_hash, token,
        )  # fmt: skip
        return render_module(course, module, live=live, attempt=attempt, token=token)

    @bp.post("/courses/<folder>/<name>/reflections")
    @guard
    def save_reflections(folder: str, name: str):
        course = load(folder)
        notice = _("Preview: reflections are not saved.")
        return render_module(course, _module_or_404(course, name), live=live, notice=notice)

    @bp.post("/courses/<folder>/<name>/read")
    @guard
    def mark_read(folder: str, name: str):
        course = load(folder)
        notice = _("Preview: nothing is marked as read.")
        return render_module(course, _module_or_404(course, name), live=live, notice=notice)

    @bp.get("/courses/<folder>/_files/<path:relative>")
    @guard
    def course_file(folder: str, relative: str):
        load(folder)
        path = asset_path(root_of(), folder, relative) or abort(404)
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        response = send_file(path, mimetype=mimetype, max_age=0)
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        )
        return response
