"""What a supervisor may see: only the units they supervise, in one query helper."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.models import Membership, Unit, User


def visible_unit_ids(user: User) -> sa.Select:
    """Ids of the units ``user`` supervises and every unit under them, at any depth.

    One recursive CTE, so the query count does not grow with the depth of the tree.
    """
    supervised = (
        sa.select(Membership.unit_id.label("id"))
        .where(Membership.user_id == user.id, Membership.role == "supervisor")
        .cte("visible_units", recursive=True)
    )
    below = sa.select(Unit.id).join(supervised, Unit.parent_id == supervised.c.id)
    tree = supervised.union(below)
    return sa.select(tree.c.id)


def units_visible_to(user: User) -> sa.Select:
    """Units this user supervises, with their sub-units (admins see every unit)."""
    query = sa.select(Unit).order_by(Unit.name)
    if user.has_role("admin"):
        return query
    return query.where(Unit.id.in_(visible_unit_ids(user)))


def members_by_unit(session: Session, units: list[Unit]) -> dict[int, list[User]]:
    """Members (learners) of each unit, in one query."""
    if not units:
        return {}
    rows = session.execute(
        sa.select(Membership.unit_id, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.unit_id.in_([u.id for u in units]), Membership.role == "member")
        .order_by(User.display_name)
    ).all()
    out: dict[int, list[User]] = {u.id: [] for u in units}
    for unit_id, user in rows:
        out[unit_id].append(user)
    return out
