"""Print sign-in cards: supervisors for the staff of their units, admins for anyone."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import role_required
from lms.auth.links import activation_link, hash_method, site_address, valid_days
from lms.cards.services import card_people, issue_cards, parse_ids, people_for_cards, units_of
from lms.extensions import db
from lms.models import utcnow
from lms.proof.qr import qr_data_uri

bp = Blueprint("cards", __name__, template_folder="templates")


@bp.get("/")
@role_required("supervisor")
def index():
    """The people this user may print a card for, with a box to tick for each."""
    people = list(db.session.scalars(card_people(current_user)))
    return render_template(
        "cards/index.html",
        people=people,
        units=units_of(db.session, people),
        days=valid_days(),
        site=site_address(),
    )


@bp.post("/print")
@role_required("supervisor")
def print_cards():
    """Issue fresh links for the chosen people and return the A4 sheet of cards (PDF).

    Any id this user may not print for (another unit, a leader, a made-up number) makes
    the whole request 404, and nothing changes.
    """
    ids = parse_ids(request.form.getlist("user_id"))
    if ids is None:
        abort(404)
    if not ids:
        abort(400, _("Choose at least one person to print a card for."))
    people = people_for_cards(db.session, current_user, ids)
    if people is None:
        abort(404)
    cards = issue_cards(
        db.session,
        people,
        current_user,
        activation_link,
        valid_days=valid_days(),
        hash_method=hash_method(),
    )
    html = render_template(
        "cards/sheet.html", cards=cards, printed_at=utcnow(), qr_data_uri=qr_data_uri
    )
    # WeasyPrint takes a second to import: load it on the first PDF, not at start-up.
    from lms.proof.pdf import html_to_pdf

    pdf = html_to_pdf(html)  # before the commit: no PDF, no password changed
    db.session.commit()
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": 'attachment; filename="sign-in-cards.pdf"',
            "Cache-Control": "no-store",
        },
    )
