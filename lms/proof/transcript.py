"""A learner's full record, for documentation toward praksiskandidat or fagbrev."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.models import Course, Meeting, MeetingAttendance, Module, ModuleProgress, TierAward, User


@dataclass
class CourseRecord:
    course: Course
    modules: list[tuple[Module, datetime]] = field(default_factory=list)  # (module, passed_at)
    awards: list[TierAward] = field(default_factory=list)
    meetings: list[tuple[str, date]] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m, _ in self.modules)


def transcript(session: Session, user: User) -> list[CourseRecord]:
    """Every course where the learner passed a module, holds an award or attended a meeting.

    Archived modules and courses are included: a pass is history and stays on the record.
    """
    records: dict[int, CourseRecord] = {}

    def record(course: Course) -> CourseRecord:
        return records.setdefault(course.id, CourseRecord(course))

    passed = session.execute(
        sa.select(Module, ModuleProgress.passed_at)
        .join(ModuleProgress, ModuleProgress.module_id == Module.id)
        .where(ModuleProgress.user_id == user.id, ModuleProgress.passed_at.is_not(None))
        .order_by(Module.course_id, Module.position)
    ).all()
    courses = {
        c.id: c
        for c in session.scalars(
            sa.select(Course).where(
                Course.id.in_(
                    {m.course_id for m, _ in passed}
                    | set(
                        session.scalars(
                            sa.select(TierAward.course_id).where(TierAward.user_id == user.id)
                        )
                    )
                    | set(
                        session.scalars(
                            sa.select(Meeting.course_id)
                            .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
                            .where(MeetingAttendance.user_id == user.id)
                        )
                    )
                )
            )
        )
    }
    for module, passed_at in passed:
        record(courses[module.course_id]).modules.append((module, passed_at))
    for award in session.scalars(
        sa.select(TierAward).where(TierAward.user_id == user.id).order_by(TierAward.awarded_at)
    ):
        record(courses[award.course_id]).awards.append(award)
    meetings = defaultdict(list)
    for meeting in session.scalars(
        sa.select(Meeting)
        .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
        .where(MeetingAttendance.user_id == user.id)
        .order_by(Meeting.held_on)
    ):
        meetings[meeting.course_id].append((meeting.title, meeting.held_on))
    for course_id, items in meetings.items():
        record(courses[course_id]).meetings.extend(items)
    return sorted(records.values(), key=lambda r: r.course.title)


CSV_HEADER = ["course", "course_version", "kind", "name", "tier", "date", "minutes", "status"]


def transcript_csv(records: list[CourseRecord], tier_label) -> str:
    """The transcript as CSV: one row per passed module, level reached and meeting."""
    out = io.StringIO()
    writer = _SafeWriter(out)
    writer.writerow(CSV_HEADER)
    for r in records:
        c = r.course
        for module, passed_at in r.modules:
            writer.writerow(
                [
                    c.title,
                    c.version_label,
                    "module",
                    module.title,
                    tier_label(module.tier),
                    passed_at.date().isoformat(),
                    module.minutes,
                    "archived" if module.archived_at else "passed",
                ]
            )
        for award in r.awards:
            writer.writerow(
                [
                    c.title,
                    award.course_version,
                    "level",
                    tier_label(award.tier),
                    tier_label(award.tier),
                    award.awarded_at.date().isoformat(),
                    "",
                    "revoked" if award.revoked_at else "valid",
                ]
            )
        for title, held_on in r.meetings:
            writer.writerow(
                [
                    c.title,
                    c.version_label,
                    "meeting",
                    title,
                    "",
                    held_on.isoformat(),
                    "",
                    "attended",
                ]
            )
    return out.getvalue()


class _SafeWriter:
    """csv.writer that keeps spreadsheet apps from reading a cell as a formula."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: list) -> None:
        self._writer.writerow([_cell(value) for value in row])


def _cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
