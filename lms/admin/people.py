"""People in the admin pages: create, change details, roles and units, deactivate.

Services flush and record an audit event (never a password or token); the view
commits once. Input that breaks a rule raises :class:`PersonError` (an English msgid).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.auth.activation import disable_links
from lms.auth.policy import PolicyError
from lms.auth.services import create_user, find_user
from lms.i18n import N_
from lms.models import ROLES, Membership, Unit, User

OWN_ADMIN_ROLE = N_("You cannot take away your own admin role.")
OWN_ACCOUNT = N_("You cannot deactivate your own account.")
EMAIL_TAKEN = N_("That email address belongs to someone else.")
NUMBER_TAKEN = N_("That employee number belongs to someone else.")
USERNAME_TAKEN = N_("That username is taken.")


class PersonError(PolicyError):
    """A change to a person that breaks a rule; ``message`` is an English msgid."""


def _check_unique(session: Session, user: User | None, email: str | None, number: str | None):
    for value, column, message in (
        (email, User.email, EMAIL_TAKEN),
        (number, User.employee_number, NUMBER_TAKEN),
    ):
        if not value:
            continue
        owner = session.scalar(sa.select(User).where(sa.func.lower(column) == value.lower()))
        if owner is not None and (user is None or owner.id != user.id):
            raise PersonError(message)


def create_person(
    session: Session,
    *,
    username: str,
    display_name: str,
    email: str | None,
    employee_number: str | None,
    roles: list[str],
    unit_ids: list[int],
    organisation_id: int | None,
    actor: User,
) -> User:
    """A new account without a usable password: print a sign-in card to hand it over."""
    if find_user(session, username) is not None:
        raise PersonError(USERNAME_TAKEN)
    _check_unique(session, None, email, employee_number)
    user = create_user(
        session,
        username,
        None,
        roles=roles or ("learner",),
        display_name=display_name,
        email=email,
        organisation_id=organisation_id,
    )
    user.employee_number = employee_number or None
    for unit_id in unit_ids:
        session.add(Membership(user_id=user.id, unit_id=unit_id, role="member"))
    session.flush()
    record_event(
        session,
        "user.create",
        actor=actor,
        target_type="user",
        target_id=user.id,
        via="admin",
        roles=sorted(user.role_names),
        unit_ids=sorted(unit_ids),
    )
    return user


def update_person(
    session: Session,
    user: User,
    *,
    display_name: str,
    email: str | None,
    employee_number: str | None,
    roles: list[str],
    unit_ids: list[int],
    organisation_id: int | None,
    actor: User,
) -> list[str]:
    """Change details, roles and member units; return the names of the fields changed."""
    if user.id == actor.id and "admin" in user.role_names and "admin" not in roles:
        raise PersonError(OWN_ADMIN_ROLE)
    _check_unique(session, user, email, employee_number)
    changed = []
    if display_name != user.display_name:
        user.display_name = display_name
        changed.append("name")
    if (email or None) != user.email:
        user.email = email or None
        changed.append("email")
    if (employee_number or None) != user.employee_number:
        user.employee_number = employee_number or None
        changed.append("employee_number")
    if organisation_id != user.organisation_id:
        user.organisation_id = organisation_id
        changed.append("organisation")
    wanted_roles = {r for r in roles if r in ROLES}
    if wanted_roles != user.role_names:
        for role in list(user.roles):
            if role.role not in wanted_roles:
                user.roles.remove(role)
        for role in sorted(wanted_roles):
            user.add_role(role)
        changed.append("roles")
    current = set(
        session.scalars(
            sa.select(Membership.unit_id).where(
                Membership.user_id == user.id, Membership.role == "member"
            )
        )
    )
    wanted = set(unit_ids)
    if wanted != current:
        session.execute(
            sa.delete(Membership).where(
                Membership.user_id == user.id,
                Membership.role == "member",
                Membership.unit_id.in_(current - wanted),
            )
        )
        led = set(
            session.scalars(
                sa.select(Membership.unit_id).where(
                    Membership.user_id == user.id, Membership.role == "supervisor"
                )
            )
        )
        for unit_id in wanted - current - led:
            session.add(Membership(user_id=user.id, unit_id=unit_id, role="member"))
        changed.append("units")
    session.flush()
    if changed:
        details = {"fields": changed}
        if "roles" in changed:
            details["roles"] = sorted(user.role_names)
        if "units" in changed:
            details["unit_ids"] = sorted(wanted)
        record_event(
            session, "user.update", actor=actor, target_type="user", target_id=user.id, **details
        )
    return changed


def set_active(session: Session, user: User, active: bool, actor: User) -> None:
    """Deactivate (cannot sign in; links stop working) or reactivate an account."""
    if not active and user.id == actor.id:
        raise PersonError(OWN_ACCOUNT)
    if user.active == active:
        return
    user.active = active
    if not active:
        disable_links(session, user)
        user.end_sessions()  # cookies from before stay dead after a reactivation too
    session.flush()
    record_event(
        session,
        "user.reactivate" if active else "user.deactivate",
        actor=actor,
        target_type="user",
        target_id=user.id,
    )


def member_unit_ids(session: Session, user: User) -> list[int]:
    """Ids of the units ``user`` is a member (learner) of."""
    return list(
        session.scalars(
            sa.select(Membership.unit_id).where(
                Membership.user_id == user.id, Membership.role == "member"
            )
        )
    )


def units_for_choice(session: Session) -> list[Unit]:
    """Every unit, by organisation and name, for the unit checkboxes."""
    return list(session.scalars(sa.select(Unit).order_by(Unit.organisation_id, Unit.name)))
