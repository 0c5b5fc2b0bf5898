"""The schema in one place. Import models from here."""

from lms.models.awards import AuditEvent, TierAward
from lms.models.courses import Assignment, Course, Module
from lms.models.org import UNIT_ROLES, Membership, Organisation, Unit
from lms.models.progress import (
    Meeting,
    MeetingAttendance,
    ModuleProgress,
    QuizAttempt,
    ReflectionAnswer,
)
from lms.models.types import UTCDateTime, utcnow
from lms.models.users import ROLES, ActivationToken, User, UserRole

__all__ = [
    "ROLES",
    "UNIT_ROLES",
    "ActivationToken",
    "Assignment",
    "AuditEvent",
    "Course",
    "Meeting",
    "MeetingAttendance",
    "Membership",
    "Module",
    "ModuleProgress",
    "Organisation",
    "QuizAttempt",
    "ReflectionAnswer",
    "TierAward",
    "UTCDateTime",
    "Unit",
    "User",
    "UserRole",
    "utcnow",
]
