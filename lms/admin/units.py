"""Units of an organisation as a tree: create, rename, move, and who supervises them.

Services flush and record an audit event; the view commits once. Input that breaks a
rule raises :class:`UnitError` with an English msgid that the page translates.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.auth.policy import PolicyError
from lms.i18n import N_
from lms.models import Membership, Organisation, Unit, User

MAX_NAME_LENGTH = 200
NAME_EMPTY = N_("Give the unit a name.")
NAME_TOO_LONG = N_("A unit name can be at most %(max)d characters.")
NAME_HAS_BAR = N_("A unit name cannot contain “|” (the staff list uses it between units).")
NAME_TAKEN = N_("There is already a unit called “%(name)s”.")
OTHER_ORGANISATION = N_("A unit can only be placed under a unit of the same organisation.")
ORGANISATION_TAKEN = N_("There is already an organisation called “%(name)s”.")
CYCLE = N_("“%(unit)s” cannot be placed under “%(parent)s”, because “%(parent)s” is inside it.")


class UnitError(PolicyError):
    """A unit change that breaks a rule; ``message`` is an English msgid."""


def _clean_name(session: Session, organisation_id: int, name: str, unit: Unit | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise UnitError(NAME_EMPTY)
    if len(name) > MAX_NAME_LENGTH:
        raise UnitError(NAME_TOO_LONG, max=MAX_NAME_LENGTH)
    if "|" in name:
        raise UnitError(NAME_HAS_BAR)
    clash = session.scalar(
        sa.select(Unit).where(
            Unit.organisation_id == organisation_id, sa.func.lower(Unit.name) == name.lower()
        )
    )
    if clash is not None and clash is not unit:
        raise UnitError(NAME_TAKEN, name=clash.name)
    return name


def create_organisation(session: Session, name: str, actor: User) -> Organisation:
    """A new organisation (a municipality or employer; it issues certificates)."""
    name = " ".join((name or "").split())
    if not name:
        raise UnitError(NAME_EMPTY)
    if len(name) > MAX_NAME_LENGTH:
        raise UnitError(NAME_TOO_LONG, max=MAX_NAME_LENGTH)
    clash = session.scalar(
        sa.select(Organisation).where(sa.func.lower(Organisation.name) == name.lower())
    )
    if clash is not None:
        raise UnitError(ORGANISATION_TAKEN, name=clash.name)
    organisation = Organisation(name=name)
    session.add(organisation)
    session.flush()
    record_event(
        session,
        "organisation.create",
        actor=actor,
        target_type="organisation",
        target_id=organisation.id,
        name=name,
    )
    return organisation


def create_unit(
    session: Session, organisation: Organisation, name: str, parent: Unit | None, actor: User
) -> Unit:
    """A new unit in ``organisation``, under ``parent`` (None: at the top)."""
    name = _clean_name(session, organisation.id, name, None)
    if parent is not None and parent.organisation_id != organisation.id:
        raise UnitError(OTHER_ORGANISATION)
    unit = Unit(organisation_id=organisation.id, name=name, parent=parent)
    session.add(unit)
    session.flush()
    record_event(
        session,
        "unit.create",
        actor=actor,
        target_type="unit",
        target_id=unit.id,
        name=name,
        parent_id=parent.id if parent else None,
    )
    return unit


def rename_unit(session: Session, unit: Unit, name: str, actor: User) -> None:
    """Give ``unit`` a new name (unique within its organisation)."""
    name = _clean_name(session, unit.organisation_id, name, unit)
    if name == unit.name:
        return
    old = unit.name
    unit.name = name
    session.flush()
    record_event(
        session,
        "unit.rename",
        actor=actor,
        target_type="unit",
        target_id=unit.id,
        old=old,
        new=name,
    )


def move_unit(session: Session, unit: Unit, parent: Unit | None, actor: User) -> None:
    """Place ``unit`` (with everything under it) under ``parent``; None moves it to the top.

    Refuses a parent inside the unit itself (that would make a loop) and a parent in
    another organisation.
    """
    if parent is not None:
        if parent.organisation_id != unit.organisation_id:
            raise UnitError(OTHER_ORGANISATION)
        step: Unit | None = parent
        while step is not None:
            if step.id == unit.id:
                raise UnitError(CYCLE, unit=unit.name, parent=parent.name)
            step = step.parent
    old_parent_id = unit.parent_id
    new_parent_id = parent.id if parent is not None else None
    if old_parent_id == new_parent_id:
        return
    unit.parent = parent
    session.flush()
    record_event(
        session,
        "unit.move",
        actor=actor,
        target_type="unit",
        target_id=unit.id,
        old_parent_id=old_parent_id,
        new_parent_id=new_parent_id,
    )


def descendant_ids(session: Session, unit: Unit) -> set[int]:
    """Ids of ``unit`` and every unit under it (for the move form's choices)."""
    ids = {unit.id}
    frontier = {unit.id}
    while frontier:
        frontier = set(session.scalars(sa.select(Unit.id).where(Unit.parent_id.in_(frontier))))
        frontier -= ids
        ids |= frontier
    return ids


def tree_rows(session: Session, organisation: Organisation) -> list[tuple[Unit, int]]:
    """The organisation's units in tree order, each with its depth (0 at the top)."""
    units = list(
        session.scalars(
            sa.select(Unit).where(Unit.organisation_id == organisation.id).order_by(Unit.name)
        )
    )
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    out: list[tuple[Unit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            out.append((unit, depth))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return out


def supervisors_of(session: Session, unit: Unit) -> list[User]:
    """The people who supervise ``unit`` directly, by name."""
    return list(
        session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.unit_id == unit.id, Membership.role == "supervisor")
            .order_by(User.display_name)
        )
    )


def add_supervisor(session: Session, unit: Unit, user: User, actor: User) -> None:
    """Make ``user`` a supervisor of ``unit`` (and give them the supervisor role).

    A member of the unit becomes its supervisor (one membership per person and unit).
    """
    membership = session.scalar(
        sa.select(Membership).where(Membership.unit_id == unit.id, Membership.user_id == user.id)
    )
    if membership is not None and membership.role == "supervisor":
        return
    if membership is None:
        session.add(Membership(user_id=user.id, unit_id=unit.id, role="supervisor"))
    else:
        membership.role = "supervisor"
    user.add_role("supervisor")
    session.flush()
    record_event(
        session,
        "unit.supervisor_add",
        actor=actor,
        target_type="unit",
        target_id=unit.id,
        user_id=user.id,
    )


def remove_supervisor(session: Session, unit: Unit, user: User, actor: User) -> None:
    """``user`` no longer supervises ``unit`` (their role stays; other units are theirs)."""
    deleted = session.execute(
        sa.delete(Membership).where(
            Membership.unit_id == unit.id,
            Membership.user_id == user.id,
            Membership.role == "supervisor",
        )
    )
    if deleted.rowcount:
        record_event(
            session,
            "unit.supervisor_remove",
            actor=actor,
            target_type="unit",
            target_id=unit.id,
            user_id=user.id,
        )
