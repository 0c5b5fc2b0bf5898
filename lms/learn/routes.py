"""Learner pages. Views are thin: they call services and render templates."""

from __future__ import annotations

import mimetypes
import secrets
from datetime import date
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.auth.decorators import role_required
from lms.extensions import db
from lms.home import home_for
from lms.i18n import tier_name
from lms.ids import query_id
from lms.learn import services as learn
from lms.learn.assigned import assignments_for, pop_notices
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
from lms.models import Course, Module
from lms.proof.transcript import transcript
from lms.tiers.awards import award_reached_tiers
from lms.tiers.standing import standing, standings

bp = Blueprint("learn", __name__, template_folder="templates")


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.get("/courses")
@role_required("learner")
def my_courses():
    notices = pop_notices(db.session, current_user)
    for award in notices:
        # Reached while away, at a reflection meeting: told once, at the next visit.
        flash(
            _(
                "Well done! You reached %(tier)s in %(course)s.",
                tier=tier_name(award.tier, award.course.language),
                course=award.course.title,
            ),
            "success",
        )
    if notices:
        db.session.commit()
    courses = learn.visible_courses(db.session, current_user)
    assigned = assignments_for(db.session, current_user)
    rows = standings(db.session, current_user.id, courses)
    # Assigned courses first (soonest due first), then started, unfinished ones: that
    # is where a learner on a shift goes back to.
    latest = date.max
    rows.sort(
        key=lambda s: (
            s.course.id not in assigned,
            s.complete,
            (assigned[s.course.id].due_date or latest) if s.course.id in assigned else latest,
            not s.started,
            s.course.title,
        )
    )
    return render_template("learn/my_courses.html", standings=rows, assigned=assigned)


def _course_or_404(course_slug: str) -> Course:
    return learn.visible_course(db.session, current_user, course_slug) or abort(404)


def _module_or_404(course: Course, module_slug: str) -> Module:
    module = db.session.scalar(
        db.select(Module).where(
            Module.course_id == course.id, Module.slug == module_slug, Module.archived_at.is_(None)
        )
    )
    return module or abort(404)


@bp.get("/courses/<course_slug>/")
@role_required("learner")
def course(course_slug: str):
    course = _course_or_404(course_slug)
    return render_template("learn/course.html", s=standing(db.session, current_user.id, course))


# Underscore paths cannot clash with module ids, which never start with "_".
@bp.get("/courses/<course_slug>/_continue")
@role_required("learner")
def resume(course_slug: str):
    """Go to the next unfinished module (or the course page when all are passed)."""
    course = _course_or_404(course_slug)
    nxt = standing(db.session, current_user.id, course).next_module
    if nxt is None:
        return redirect(url_for("learn.course", course_slug=course.slug))
    return redirect(url_for("learn.module", course_slug=course.slug, module_slug=nxt.slug))


@bp.get("/courses/<course_slug>/_glossary")
@role_required("learner")
def glossary(course_slug: str):
    course = _course_or_404(course_slug)
    return render_template("learn/glossary.html", course=course)


def _render_module(
    course: Course,
    module: Module,
    *,
    attempt=None,
    answers=None,
    errors=(),
    missing=(),
    token=None,
    visit=False,
):
    s = standing(db.session, current_user.id, course)
    if visit:
        # The standing holds the learner's row already: no second look-up, and a write
        # only on the first view or when "last seen" is more than a minute old.
        s.progress[module.id] = learn.touch_progress(
            db.session, current_user, module, s.progress.get(module.id)
        )
    progress = s.progress.get(module.id)
    token = token or secrets.token_urlsafe(16)
    questions = module.questions
    return render_template(
        "learn/module.html",
        course=course,
        module=module,
        s=s,
        # Messages shown beside what they concern, not at the top of the page.
        local_flashes=("reflections", "level") if attempt else ("reflections",),
        missing=missing,
        progress=progress,
        attempt=attempt,
        results=_results(course, module, questions, attempt, progress),
        key_shown=_key_shown(course, attempt, progress),
        questions=[(q, option_order(q, _seed(course, token))) for q in questions],
        answers=answers or {},
        errors=errors,
        token=token,
        reflections=learn.reflections_of(db.session, current_user, module),
        next_module=_after(s, module),
    )


def _seed(course: Course, token: str) -> str | None:
    """The option-order seed of one attempt: its form token, unless the course opts out."""
    return token if course.shuffle_options else None


def _key_shown(course: Course, attempt, progress) -> bool:
    """Whether this attempt's result may show which options are right."""
    return attempt is not None and shows_key(
        course.show_answers,
        attempt_passed=attempt.passed,
        module_passed=progress is not None and progress.passed_at is not None,
    )


def _results(course: Course, module: Module, questions, attempt, progress):
    """Per-question feedback for an attempt, or None when the quiz changed since."""
    if attempt is None or attempt.content_hash != module.content_hash:
        return None
    return feedback(
        questions,
        attempt.answers,
        show_key=_key_shown(course, attempt, progress),
        seed=_seed(course, attempt.token),
    )


def _after(s, module: Module) -> Module | None:
    """The next module to offer: the first unpassed one after this, else any unpassed."""
    later = [m for m in s.modules if m.position > module.position and s.status(m) != "passed"]
    return (
        later[0]
        if later
        else next((m for m in s.modules if m.id != module.id and s.status(m) != "passed"), None)
    )


@bp.get("/courses/<course_slug>/<module_slug>")
@role_required("learner")
def module(course_slug: str, module_slug: str):
    found = learn.visible_module(db.session, current_user, course_slug, module_slug)
    if found is None:
        abort(404)
    course, module = found
    attempt = None
    if "attempt" in request.args:
        attempt = learn.own_attempt(db.session, current_user, module, query_id("attempt"))
        if not attempt:
            abort(404)
    page = _render_module(course, module, attempt=attempt, visit=True)
    # Commit after rendering: committing first would expire every loaded row and make
    # the template load them again. Mostly there is nothing to commit.
    db.session.commit()
    return page


def _answers_from_form() -> dict[str, list[str]]:
    """Answers keyed by question key; a field that is not a question is a forgery."""
    answers: dict[str, list[str]] = {}
    for name in request.form:
        if name in ("csrf_token", "token", "content_hash"):
            continue
        if not name.startswith("q"):
            raise ForgedAnswer(f"unexpected field {name!r}")
        answers[name[1:]] = request.form.getlist(name)
    return answers


def _record_tiers(course: Course) -> None:
    """Record tiers reached (once) and congratulate the learner on new ones."""
    issuer = current_app.config["ISSUER_NAME"]
    for award in award_reached_tiers(db.session, current_user, course, issuer):
        flash(
            _(
                "Well done! You reached %(tier)s in %(course)s.",
                tier=tier_name(award.tier, course.language),
                course=course.title,
            ),
            "level",  # shown in the quiz result when there is one (module.html)
        )


@bp.post("/courses/<course_slug>/<module_slug>/quiz")
@role_required("learner")
def submit_quiz(course_slug: str, module_slug: str):
    course = _course_or_404(course_slug)
    module = _module_or_404(course, module_slug)
    if not module.quiz:
        abort(400, description=_("This module has no quiz."))
    token = request.form.get("token", "")
    if not 8 <= len(token) <= 64:
        abort(400, description=_("The form is incomplete. Open the module again and answer."))
    if request.form.get("content_hash") != module.content_hash:
        flash(_("The module was updated while you were answering. Please answer again."), "error")
        return redirect(
            url_for(
                "learn.module", course_slug=course.slug, module_slug=module.slug, _anchor="quiz"
            )
        )
    try:
        answers = _answers_from_form()
        questions = module.questions
        validate_answers(questions, answers)
        missing = unanswered(questions, answers)
        if missing:
            message = _(
                "Answer every question before you submit. Missing: %(list)s.",
                list=", ".join(missing),
            )
            # Same token: the options keep the order the learner was answering in.
            return _render_module(
                course, module, answers=answers, errors=[message], missing=missing, token=token
            )
        result = grade(questions, answers, module.pass_percent)
    except ForgedAnswer:
        abort(
            400,
            description=_(
                "Your answer did not match the questions in this module. "
                "Open the module again and answer."
            ),
        )
    attempt = learn.record_attempt(db.session, current_user, module, token, result)
    if result.passed:
        # Not only on a first pass: a meeting recorded since may have lifted the learner.
        _record_tiers(course)
    # Build the URL before committing: the commit expires the rows it would read again.
    target = url_for(
        "learn.module",
        course_slug=course.slug,
        module_slug=module.slug,
        attempt=attempt.id,
        _anchor="result",
    )
    db.session.commit()
    return redirect(target)


@bp.post("/courses/<course_slug>/<module_slug>/read")
@role_required("learner")
def mark_read(course_slug: str, module_slug: str):
    course = _course_or_404(course_slug)
    module = _module_or_404(course, module_slug)
    if module.quiz:
        abort(400, description=_("Answer the quiz to pass this module."))
    if learn.mark_read(db.session, current_user, module):
        flash(_("Marked as read."), "success")
    _record_tiers(course)
    db.session.commit()
    nxt = _after(standing(db.session, current_user.id, course), module)
    if nxt:
        return redirect(url_for("learn.module", course_slug=course.slug, module_slug=nxt.slug))
    return redirect(url_for("learn.course", course_slug=course.slug))


@bp.post("/courses/<course_slug>/<module_slug>/reflections")
@role_required("learner")
def save_reflections(course_slug: str, module_slug: str):
    course = _course_or_404(course_slug)
    module = _module_or_404(course, module_slug)
    texts = {
        name[len("reflection-") :]: value
        for name, value in request.form.items()
        if name.startswith("reflection-")
    }
    if any(len(text) > 10_000 for text in texts.values()):
        abort(400, description=_("A reflection can be at most 10 000 characters."))
    try:
        learn.save_reflections(db.session, current_user, module, texts)
    except ValueError:
        abort(400, description=_("That reflection is not in this module."))
    db.session.commit()
    flash(_("Your reflection is saved. Only you can see it."), "reflections")
    return redirect(
        url_for(
            "learn.module", course_slug=course.slug, module_slug=module.slug, _anchor="reflections"
        )
    )


@bp.get("/progress")
@login_required
def my_progress():
    """Everything the learner has done: the same records as the transcript exports."""
    records = transcript(db.session, current_user)
    shown = {r.course.id for r in records}
    not_started = [c for c in learn.visible_courses(db.session, current_user) if c.id not in shown]
    total_minutes = sum(r.minutes for r in records)
    return render_template(
        "learn/my_progress.html",
        records=records,
        not_started=not_started,
        total_minutes=total_minutes,
    )


@bp.get("/courses/<course_slug>/_files/<path:relative>")
@login_required
def course_file(course_slug: str, relative: str):
    course = learn.visible_course(db.session, current_user, course_slug) or abort(404)
    path = asset_path(Path(current_app.config["COURSES_DIR"]), course.folder, relative)
    if path is None:
        abort(404)
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = send_file(path, mimetype=mimetype, max_age=3600)
    # Behind a login: browsers may keep it, shared caches (proxies) must not.
    response.cache_control.public = False
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    # An SVG opened directly must not run scripts either.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response
