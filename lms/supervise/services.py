"""What a supervisor may see: only the units they supervise, in one query helper."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, lazyload

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


# Ids in URLs are checked against this before any query: a huge number is simply not
# found, never a database error (PostgreSQL integers stop at 2**31 - 1).
MAX_ID = 2**31 - 1


def unit_tree(session: Session, user: User) -> list[Unit]:
    """The units ``user`` may see, parents before children, each with a ``depth``."""
    units = list(session.scalars(units_visible_to(user)))
    ids = {u.id for u in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in children.get(parent, []):
            unit.depth = depth
            ordered.append(unit)
            walk(unit.id, depth + 1)

    walk(None, 0)
    return ordered


def subtree_ids(units: list[Unit], root_id: int) -> set[int]:
    """``root_id`` and every unit under it among ``units`` (a visible set is closed downwards)."""
    below: dict[int | None, list[int]] = {}
    for unit in units:
        below.setdefault(unit.parent_id, []).append(unit.id)
    found, todo = set(), [root_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(below.get(current, []))
    return found


def learners_in(session: Session, unit_ids: set[int]) -> list[tuple[User, list[int]]]:
    """Active learners (members) of these units, by name, each with their unit ids; one query."""
    if not unit_ids:
        return []
    rows = session.execute(
        sa.select(User, Membership.unit_id)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.unit_id.in_(unit_ids),
            Membership.role == "member",
            User.active.is_(True),
        )
        .order_by(User.display_name, User.id)
        # Roles are not needed here; loading them would add a query per 500 learners.
        .options(lazyload(User.roles))
    ).all()
    out: dict[int, tuple[User, list[int]]] = {}
    for user, unit_id in rows:
        out.setdefault(user.id, (user, []))[1].append(unit_id)
    return list(out.values())


def visible_learner(session: Session, viewer: User, learner_id: int) -> User | None:
    """The learner with this id if ``viewer`` may follow them (a member of a visible unit)."""
    if not 0 < learner_id <= MAX_ID:
        return None
    query = sa.select(User).where(User.id == learner_id)
    if not viewer.has_role("admin"):
        query = query.where(
            User.id.in_(
                sa.select(Membership.user_id).where(
                    Membership.role == "member", Membership.unit_id.in_(visible_unit_ids(viewer))
                )
            )
        )
    return session.scalar(query)


def visible_learner_ids(viewer: User, unit_ids: sa.Select | None = None) -> sa.Select:
    """Ids of every learner ``viewer`` may follow (members of visible units).

    Pass ``unit_ids`` (from :func:`visible_unit_ids`) to reuse it in one statement.
    """
    query = sa.select(Membership.user_id).where(Membership.role == "member")
    if viewer.has_role("admin"):
        return query
    return query.where(
        Membership.unit_id.in_(unit_ids if unit_ids is not None else visible_unit_ids(viewer))
    )


def visible_unit(session: Session, viewer: User, unit_id: int) -> Unit | None:
    """The unit with this id if ``viewer`` may see it, else None."""
    if not 0 < unit_id <= MAX_ID:
        return None
    return session.scalar(units_visible_to(viewer).where(Unit.id == unit_id))
