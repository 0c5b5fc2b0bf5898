"""POST /author/publish: a git host (or CI job) asks Steg to pull and sync the courses."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, jsonify, request

from lms.author import publish
from lms.extensions import csrf, db


@csrf.exempt  # signed with a shared secret instead; no browser session is involved
def publish_webhook():
    """Verify a signed publish request, then pull the courses and sync them."""
    secret = current_app.config.get("CONTENT_WEBHOOK_SECRET")
    if not secret:
        abort(404)
    try:
        signed = publish.verify(
            secret,
            request.headers,
            request.get_data(),
            current_app.config["CONTENT_WEBHOOK_WINDOW"],
        )
        delivery = publish.claim_delivery(db.session, signed)
    except publish.Rejected as exc:
        return jsonify(ok=False, error=exc.message), exc.status
    repo = current_app.config.get("CONTENT_GIT_DIR")
    delivery = publish.publish(
        db.session, delivery, Path(repo) if repo else None, Path(current_app.config["COURSES_DIR"])
    )
    # 502: git failed; 422: a course failed validation (its last good version stays live).
    status = 200 if delivery.ok else 502 if "error" in delivery.result else 422
    return jsonify(ok=delivery.ok, delivery=delivery.delivery_id, **delivery.result), status
