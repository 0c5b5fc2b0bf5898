"""Certificates, badges, public verification and transcripts."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from lms.extensions import db
from lms.i18n import tier_name
from lms.models import Course, TierAward, utcnow
from lms.proof.badges import (
    OB3_CONTEXT,
    VC2_CONTEXT,
    build_credential,
    load_or_create_signing_key,
    load_public_keys,
    public_jwks,
    sign_credential,
)
from lms.proof.codes import format_code, normalize_code
from lms.proof.qr import qr_data_uri
from lms.proof.transcript import transcript, transcript_csv
from lms.tiers.standing import course_rules

bp = Blueprint("proof", __name__, template_folder="templates")


def external_url(endpoint: str, **values) -> str:
    """An absolute URL on PUBLIC_BASE_URL: proof never takes its host from the request.

    Every config sets PUBLIC_BASE_URL (production refuses to start without it), so a
    forged ``Host:`` header cannot put another site into a badge or certificate.
    """
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        raise RuntimeError("PUBLIC_BASE_URL is not configured")
    return base.rstrip("/") + url_for(endpoint, _external=False, **values)


def _award_by_code(code: str) -> TierAward:
    normalized = normalize_code(code)
    if normalized is None:
        abort(404)
    return db.session.scalar(
        sa.select(TierAward).where(TierAward.verification_code == normalized)
    ) or abort(404)


def _own_award(code: str) -> TierAward:
    """An award of the signed-in learner (admins may fetch any); others get 404."""
    award = _award_by_code(code)
    if award.user_id != current_user.id and not current_user.has_role("admin"):
        abort(404)
    return award


def _valid_own_award(code: str) -> TierAward:
    """Like :func:`_own_award`, but a revoked award is gone: 410, no fresh proof."""
    award = _own_award(code)
    if not award.is_valid:
        abort(
            410,
            description=_(
                "This award was revoked. The verification page says so to anyone who checks."
            ),
        )
    return award


@bp.get("/verify/<code>/status.json")
def verify_status(code: str):
    """Public 1EdTech revocation list for one credential (its ``credentialStatus``).

    Lists the credential when it is revoked, and is empty while it is valid. The reason
    stays private.
    """
    award = _award_by_code(code)
    credential_id = external_url("proof.verify", code=award.verification_code)
    revoked = [] if award.is_valid else [{"id": credential_id, "revoked": True}]
    response = jsonify(
        {
            "id": external_url("proof.verify_status", code=award.verification_code),
            "issuer": external_url("proof.issuer"),
            "revokedCredentials": revoked,
        }
    )
    response.cache_control.no_cache = True
    return response


@bp.get("/verify", defaults={"code": None})
@bp.get("/verify/<code>")
def verify(code: str | None):
    """Public: name, course, tier, date, issuer and validity — nothing else.

    Without a code (or with ``?code=`` from the form) it shows a form to type one; a code
    no certificate has gives the same form and a plain sentence, with status 404.
    """
    typed = request.args.get("code", "").strip()
    if code is None and typed:
        normalized = normalize_code(typed)
        if normalized is not None:
            return redirect(url_for("proof.verify", code=normalized))
        code = typed
    if code is None:
        return render_template("proof/verify_form.html", typed="", not_found=False)
    normalized = normalize_code(code)
    award = normalized and db.session.scalar(
        sa.select(TierAward).where(TierAward.verification_code == normalized)
    )
    if not award:
        return render_template("proof/verify_form.html", typed=code, not_found=True), 404
    return render_template(
        "proof/verify.html", award=award, code=format_code(award.verification_code)
    )


@bp.get("/awards/<code>/share")
@login_required
def share(code: str):
    """One plain page per award: what it proves, the check link, the PDF, the badge file."""
    award = _own_award(code)
    return render_template(
        "proof/share.html",
        award=award,
        code=format_code(award.verification_code),
        verify_url=external_url("proof.verify", code=award.verification_code),
    )


def _criteria(course: Course, tier: str) -> str:
    rule = next((r for r in course_rules(course) if r.tier == tier), None)
    parts = []
    if rule is None or rule.modules is None:
        parts.append(f"Pass every {tier_name(tier, 'en')} module of the course")
    else:
        parts.append(f"Pass at least {rule.modules} {tier_name(tier, 'en')} modules of the course")
    if rule is not None and rule.meetings:
        parts.append(f"attend at least {rule.meetings} reflection meeting(s)")
    narrative = " and ".join(parts)
    return f"{narrative} \u201c{course.title}\u201d, each quiz with the required score."


def _signing_key():
    return load_or_create_signing_key(Path(current_app.config["BADGE_KEY_PATH"]))


def _old_keys():
    paths = [p for p in current_app.config.get("BADGE_OLD_KEY_PATHS", "").split(":") if p]
    return load_public_keys([Path(p) for p in paths])


def _valid_until(award: TierAward):
    days = current_app.config.get("BADGE_VALID_DAYS", 0)
    return award.awarded_at + timedelta(days=days) if days else None


def _credential(award: TierAward) -> dict:
    course = award.course
    level = tier_name(award.tier, course.language)
    return build_credential(
        credential_id=external_url("proof.verify", code=award.verification_code),
        issuer_id=external_url("proof.issuer"),
        issuer_name=award.issuer_name,
        issuer_url=external_url("learn.index"),
        achievement_id=external_url("proof.achievement", course_slug=course.slug, tier=award.tier),
        achievement_name=f"{course.title}: {level}",
        achievement_description=course.summary.strip() or course.title,
        criteria_narrative=_criteria(course, award.tier),
        subject_id=f"urn:uuid:{award.subject_uuid}",
        valid_from=award.awarded_at,
        name=f"{course.title}: {level}",
        status_url=external_url("proof.verify_status", code=award.verification_code),
        valid_until=_valid_until(award),
    )


@bp.get("/awards/<code>/badge.json")
@login_required
def badge(code: str):
    """The award as an Open Badges 3.0 OpenBadgeCredential (JSON-LD); 410 once revoked."""
    award = _valid_own_award(code)
    body = json.dumps(_credential(award), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/ld+json",
        headers={
            "Content-Disposition": f'attachment; filename="steg-{award.verification_code}.json"'
        },
    )


@bp.get("/awards/<code>/badge.jwt")
@login_required
def badge_jwt(code: str):
    """The credential signed as a VC-JWT (RS256), checked with /.well-known/jwks.json; 410 once
    revoked."""
    award = _valid_own_award(code)
    key = _signing_key()
    kid = public_jwks(key)["keys"][0]["kid"]
    token = sign_credential(_credential(award), key, kid)
    return Response(
        token,
        mimetype="application/vc+jwt",
        headers={
            "Content-Disposition": f'attachment; filename="steg-{award.verification_code}.jwt"'
        },
    )


@bp.get("/.well-known/jwks.json")
def jwks():
    """The issuer's public keys, so anyone can verify a badge offline."""
    return jsonify(public_jwks(_signing_key(), _old_keys()))


@bp.get("/issuer")
def issuer():
    """The issuer Profile that badges point to."""
    return jsonify(
        {
            "@context": [VC2_CONTEXT, OB3_CONTEXT],
            "id": external_url("proof.issuer"),
            "type": ["Profile"],
            "name": current_app.config["ISSUER_NAME"],
            "url": external_url("learn.index"),
        }
    )


@bp.get("/achievements/<course_slug>/<tier>")
def achievement(course_slug: str, tier: str):
    """The Achievement a badge refers to: a tier of a course and how it is earned."""
    course = db.session.scalar(sa.select(Course).where(Course.slug == course_slug))
    if course is None or tier not in {r["tier"] for r in course.tier_rules}:
        abort(404)
    return jsonify(
        {
            "@context": [VC2_CONTEXT, OB3_CONTEXT],
            "id": external_url("proof.achievement", course_slug=course.slug, tier=tier),
            "type": ["Achievement"],
            "name": f"{course.title}: {tier_name(tier, course.language)}",
            "description": course.summary.strip() or course.title,
            "criteria": {"narrative": _criteria(course, tier)},
        }
    )


@bp.get("/awards/<code>/certificate.pdf")
@login_required
def certificate(code: str):
    """The certificate (kursbevis) as PDF, with a verification code, URL and QR code; 410
    once revoked."""
    award = _valid_own_award(code)
    verify_url = external_url("proof.verify", code=award.verification_code)
    html = render_template(
        "proof/certificate.html",
        award=award,
        verify_url=verify_url,
        code=format_code(award.verification_code),
        qr=qr_data_uri(verify_url),
        minutes=sum(m.get("minutes", 0) for m in award.modules_snapshot),
    )
    return _pdf(html, f"kursbevis-{award.verification_code}.pdf")


def _pdf(html: str, filename: str) -> Response:
    # WeasyPrint takes a second to import: load it on the first PDF, not at start-up.
    from lms.proof.pdf import html_to_pdf

    # The templates are self-contained (inline CSS, QR as a data: URI): no base URL.
    pdf = html_to_pdf(html)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.get("/progress/transcript.pdf")
@login_required
def transcript_pdf():
    records = transcript(db.session, current_user)
    html = render_template(
        "proof/transcript.html", records=records, user=current_user, now=utcnow()
    )
    return _pdf(html, "transcript.pdf")


@bp.get("/progress/transcript.csv", endpoint="transcript_csv")
@login_required
def transcript_csv_view():
    body = transcript_csv(
        transcript(db.session, current_user), tier_name, lambda key: str(CSV_WORDS[key])
    )
    return Response(
        "\ufeff" + body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="transcript.csv"'},
    )


# Column names and cell words of the transcript CSV, in the reader's language.
CSV_WORDS = {
    "course": _l("Course"),
    "course_version": _l("Course version"),
    "kind": _l("What"),
    "name": _l("Name"),
    "tier": _l("Level"),
    "date": _l("Date"),
    "minutes": _l("Minutes"),
    "status": _l("Status"),
    "module": _l("Module"),
    "level": _l("Level"),
    "meeting": _l("Reflection meeting"),
    "archived": _l("Passed (module no longer in the course)"),
    "passed": _l("Passed"),
    "revoked": _l("Revoked"),
    "valid": _l("Valid"),
    "attended": _l("Attended"),
}
