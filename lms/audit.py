"""The audit log: one function writes every traceable event (no secrets in ``details``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from lms.models import AuditEvent, User


def record_event(
    session: Session,
    action: str,
    *,
    actor: User | None = None,
    target_type: str = "",
    target_id: int | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to ``session`` (the caller commits with its own change).

    ``action`` is a dotted verb such as ``award.revoke`` or ``user.create``; ``details``
    must be JSON-serialisable and must never hold passwords, tokens or reflections.
    """
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        target_type=target_type,
        target_id=target_id,
        details=details,
    )
    session.add(event)
    return event
