"""Who may get a sign-in card from whom, and issuing the links the cards carry.

A supervisor may print cards only for staff members of the units they see
(:func:`lms.supervise.services.visible_unit_ids`), and only for people whose one role is
``learner``: a leader can never reset another leader's or an admin's password. Admins may
print a card for anyone but themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.auth.activation import issue_link
from lms.models import Membership, Unit, User, UserRole
from lms.supervise.services import visible_unit_ids

MAX_CARDS = 400
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Card:
    """What one card shows: the person, their one-time link, and until when it works."""

    display_name: str
    username: str
    link: str
    expires_at: datetime


def card_people(viewer: User) -> sa.Select:
    """Active people ``viewer`` may print a card for, by name (one query, no N+1)."""
    # Never oneself: a card resets the password of the person it is printed for.
    query = (
        sa.select(User)
        .where(User.active.is_(True), User.id != viewer.id)
        .order_by(User.display_name, User.id)
    )
    if "admin" in viewer.role_names:
        return query
    in_visible_units = sa.select(Membership.user_id).where(
        Membership.role == "member", Membership.unit_id.in_(visible_unit_ids(viewer))
    )
    other_role = sa.select(UserRole.user_id).where(
        UserRole.user_id == User.id, UserRole.role != "learner"
    )
    return query.where(User.id.in_(in_visible_units), ~sa.exists(other_role))


def parse_ids(values: list[str]) -> list[int] | None:
    """Ids from a form, or None when any is not a plausible id (the caller answers 404)."""
    ids = []
    for value in values:
        if not value.isdigit() or len(value) > 10 or int(value) > MAX_ID:
            return None
        ids.append(int(value))
    return list(dict.fromkeys(ids))


def people_for_cards(session: Session, viewer: User, ids: list[int]) -> list[User] | None:
    """The people with ``ids`` if ``viewer`` may print a card for every one, else None."""
    if not ids or len(ids) > MAX_CARDS:
        return None
    people = list(session.scalars(card_people(viewer).where(User.id.in_(ids))))
    if len(people) != len(ids):
        return None
    return people


def units_of(session: Session, people: list[User]) -> dict[int, list[str]]:
    """The names of the units each person is a member of, in one query."""
    out: dict[int, list[str]] = {p.id: [] for p in people}
    if not people:
        return out
    rows = session.execute(
        sa.select(Membership.user_id, Unit.name)
        .join(Unit, Unit.id == Membership.unit_id)
        .where(Membership.user_id.in_(list(out)), Membership.role == "member")
        .order_by(Unit.name)
    )
    for user_id, name in rows:
        out[user_id].append(name)
    return out


def issue_cards(
    session: Session,
    people: list[User],
    actor: User,
    link_for,
    *,
    valid_days: int,
    hash_method: str,
) -> list[Card]:
    """A fresh one-time link for each person (their password and older links stop working).

    ``link_for(token)`` turns a token into the full address printed on the card. The
    audit log records who printed a card for whom, never the token.
    """
    cards = []
    for person in people:
        token, row = issue_link(
            session, person, valid_days=valid_days, hash_method=hash_method, actor=actor
        )
        record_event(
            session, "user.reset", actor=actor, target_type="user", target_id=person.id, via="card"
        )
        cards.append(Card(person.display_name, person.username, link_for(token), row.expires_at))
    return cards
