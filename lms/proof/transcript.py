"""A learner's full record, for documentation toward praksiskandidat or fagbrev."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
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


CSV_COLUMNS = ("course", "course_version", "kind", "name", "tier", "date", "minutes", "status")
# The words a CSV cell may hold besides names and dates; the view shows them in the UI language.
CSV_WORDS = ("module", "level", "meeting", "archived", "passed", "revoked", "valid", "attended")


def transcript_csv(
    records: list[CourseRecord],
    tier_label: Callable[[str, str], str],
    word: Callable[[str], str] = str,
) -> str:
    """The transcript as CSV: one row per passed module, level reached and meeting.

    ``tier_label(tier, course_language)`` names a level in the course's language;
    ``word(key)`` turns a column name or a word of ``CSV_WORDS`` into the reader's language.
    """
    out = io.StringIO()
    writer = _SafeWriter(out)
    writer.writerow([word(column) for column in CSV_COLUMNS])
    for r in records:
        c = r.course
        for module, passed_at in r.modules:
            writer.writerow(
                [
                    c.title,
                    c.version_label,
                    word("module"),
                    module.title,
                    tier_label(module.tier, c.language),
                    passed_at.date().isoformat(),
                    module.minutes,
                    word("archived" if module.archived_at else "passed"),
                ]
            )
        for award in r.awards:
            level = tier_label(award.tier, c.language)
            writer.writerow(
                [
                    c.title,
                    award.course_version,
                    word("level"),
                    level,
                    level,
                    award.awarded_at.date().isoformat(),
                    "",
                    word("revoked" if award.revoked_at else "valid"),
                ]
            )
        for title, held_on in r.meetings:
            writer.writerow(
                [
                    c.title,
                    c.version_label,
                    word("meeting"),
                    title,
                    "",
                    held_on.isoformat(),
                    "",
                    word("attended"),
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
