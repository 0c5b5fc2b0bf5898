"""Where a learner stands in a course: module statuses, tier reached, what is missing.

Loads everything for a set of courses in a fixed number of queries, so pages that list
many courses (or, later, many learners) stay flat as data grows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import Session

from lms.content.tier_rules import TIERS, TierRule
from lms.models import (
    Course,
    Meeting,
    MeetingAttendance,
    Module,
    ModuleProgress,
    TierAward,
)
from lms.tiers.engine import TierModule, TierResult, evaluate


def course_rules(course: Course) -> tuple[TierRule, ...]:
    """The course's stored tier rules as TierRule values."""
    return tuple(
        TierRule(r["tier"], r.get("modules"), r.get("meetings", 0)) for r in course.tier_rules
    )


@dataclass
class CourseStanding:
    """One learner in one course, ready for a template."""

    course: Course
    modules: list[Module]
    progress: dict[int, ModuleProgress]
    result: TierResult
    awards: dict[str, TierAward] = field(default_factory=dict)
    meetings_attended: int = 0

    def status(self, module: Module) -> str:
        row = self.progress.get(module.id)
        if row is None:
            return "not_started"
        return "passed" if row.passed_at else "started"

    @property
    def passed(self) -> list[Module]:
        return [m for m in self.modules if self.status(m) == "passed"]

    @property
    def started(self) -> bool:
        return any(m.id in self.progress for m in self.modules)

    @property
    def minutes_left(self) -> int:
        return sum(m.minutes for m in self.modules if self.status(m) != "passed")

    @property
    def next_module(self) -> Module | None:
        """The first module in course order that is not passed yet."""
        return next((m for m in self.modules if self.status(m) != "passed"), None)

    @property
    def complete(self) -> bool:
        return bool(self.modules) and self.next_module is None

    @property
    def reached_tier(self) -> str | None:
        """The highest tier recorded for the learner (awards outlive content changes)."""
        valid = [t for t, a in self.awards.items() if a.is_valid]
        engine = [self.result.reached] if self.result.reached else []
        reached = valid + engine
        return max(reached, key=TIERS.index) if reached else None

    def modules_of(self, tier: str) -> list[Module]:
        return [m for m in self.modules if m.tier == tier]

    @property
    def offered_tiers(self) -> list[str]:
        return [s.tier for s in self.result.tiers if s.offered]


# A standing needs each module's place and tier, not its text: leave the heavy columns
# (rendered HTML, quiz, JSON lists) unloaded; a page that shows one module loads it whole.
_LIGHT_MODULE = tuple(
    orm.defer(column)
    for column in (
        Module.body_html,
        Module.quiz,
        Module.reflections,
        Module.glossary_terms,
        Module.objectives,
    )
)


# The four statements are built once: every learner page runs them, and building a
# statement costs more than running it on a small index range. Parameters are bound
# per call (``course_ids`` expands to an IN list).
_USER = sa.bindparam("user_id")
_COURSES = sa.bindparam("course_ids", expanding=True)
_MODULES = (
    sa.select(Module)
    .options(*_LIGHT_MODULE)
    .where(Module.course_id.in_(_COURSES), Module.archived_at.is_(None))
    .order_by(Module.course_id, Module.position)
)
_PROGRESS = (
    sa.select(ModuleProgress)
    .join(Module, Module.id == ModuleProgress.module_id)
    .where(ModuleProgress.user_id == _USER, Module.course_id.in_(_COURSES))
)
_AWARDS = sa.select(TierAward).where(TierAward.user_id == _USER, TierAward.course_id.in_(_COURSES))
_MEETINGS = (
    sa.select(Meeting.course_id, sa.func.count())
    .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
    .where(MeetingAttendance.user_id == _USER, Meeting.course_id.in_(_COURSES))
    .group_by(Meeting.course_id)
)


def standings(session: Session, user_id: int, courses: list[Course]) -> list[CourseStanding]:
    """Standings of one learner in several courses, in four queries whatever the count."""
    if not courses:
        return []
    params = {"user_id": user_id, "course_ids": [c.id for c in courses]}
    modules_by_course: dict[int, list[Module]] = defaultdict(list)
    for module in session.scalars(_MODULES, {"course_ids": params["course_ids"]}):
        modules_by_course[module.course_id].append(module)
    progress: dict[int, ModuleProgress] = {
        p.module_id: p for p in session.scalars(_PROGRESS, params)
    }
    awards: dict[int, dict[str, TierAward]] = defaultdict(dict)
    for award in session.scalars(_AWARDS, params):
        awards[award.course_id][award.tier] = award
    meetings = dict(session.execute(_MEETINGS, params).all())
    result = []
    for course in courses:
        modules = modules_by_course[course.id]
        own = {m.id: progress[m.id] for m in modules if m.id in progress}
        passed = {m.slug for m in modules if m.id in own and own[m.id].passed_at}
        attended = meetings.get(course.id, 0)
        tier_result = evaluate(
            course_rules(course), [TierModule(m.slug, m.tier) for m in modules], passed, attended
        )
        result.append(
            CourseStanding(course, modules, own, tier_result, awards[course.id], attended)
        )
    return result


def standing(session: Session, user_id: int, course: Course) -> CourseStanding:
    """Standing of one learner in one course."""
    return standings(session, user_id, [course])[0]
