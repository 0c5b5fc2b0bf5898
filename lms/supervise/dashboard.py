"""The supervisor's dashboard: learners × modules of one course, with flags and counts.

One function, :func:`build_dashboard`, gathers everything in a fixed number of queries
(whatever the number of learners); :func:`dashboard_table` turns it into the plain text
cells that the page, the CSV and the XLSX export all show, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.content.tier_rules import TIERS
from lms.models import Assignment, Course, Module, Unit, User
from lms.supervise.services import MAX_ID, learners_in, subtree_ids, unit_tree
from lms.tiers.standing import CourseStanding, course_standings

STATUSES = ("attention", "overdue", "stalled", "not_started", "in_progress", "complete")
TIER_FILTERS = ("none", *TIERS)
FLAG_ORDER = ("overdue", "stalled", "not_started")
PAGE_SIZE = 50


class NotVisible(LookupError):
    """A filter names a unit or course the supervisor may not see (the view answers 404)."""


@dataclass(frozen=True)
class Filters:
    """What the supervisor chose in the filter form; all of it lives in the URL."""

    unit: int | None = None
    course: str | None = None
    status: str = ""
    tier: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        """Read filters from query arguments; an unknown status or tier means "all".

        A unit that is not a number raises :class:`NotVisible`, like a foreign unit.
        """
        unit_arg = (args.get("unit") or "").strip()
        unit = None
        if unit_arg:
            if not unit_arg.isdigit() or not 0 < int(unit_arg) <= MAX_ID:
                raise NotVisible(unit_arg)
            unit = int(unit_arg)
        status = args.get("status", "")
        tier = args.get("tier", "")
        page_arg = args.get("page", "1")
        page = int(page_arg) if page_arg.isdigit() and 0 < int(page_arg) < 100_000 else 1
        return cls(
            unit=unit,
            course=(args.get("course") or "").strip() or None,
            status=status if status in STATUSES else "",
            tier=tier if tier in TIER_FILTERS else "",
            page=page,
        )

    def query(self, **changes) -> dict[str, str | int]:
        """These filters as URL arguments (empty ones left out), with ``changes`` applied."""
        values = {
            "unit": self.unit,
            "course": self.course,
            "status": self.status,
            "tier": self.tier,
            "page": self.page if self.page != 1 else None,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "")}


@dataclass(frozen=True)
class Flag:
    """Why a learner may need a word from the supervisor."""

    kind: str  # one of FLAG_ORDER
    days: int = 0  # stalled: days without activity
    due: date | None = None  # overdue: the due date
    tier: str | None = None  # overdue: the target tier


@dataclass
class LearnerRow:
    """One learner in the selected course."""

    user: User
    units: list[Unit]
    standing: CourseStanding
    last_activity: datetime | None
    assignment: Assignment | None
    target_tier: str | None
    flags: list[Flag] = field(default_factory=list)

    @property
    def reached_tier(self) -> str | None:
        return self.standing.reached_tier

    @property
    def status(self) -> str:
        if not self.standing.started:
            return "not_started"
        return "complete" if self.standing.complete else "in_progress"

    def matches(self, status: str) -> bool:
        if not status:
            return True
        if status == "attention":
            return bool(self.flags)
        if status in FLAG_ORDER:
            return any(f.kind == status for f in self.flags)
        return self.status == status

    @property
    def sort_key(self) -> tuple:
        """Who needs a word first: overdue, then stalled, then not started; longest quiet first."""
        kinds = {f.kind for f in self.flags}
        rank = next((i for i, k in enumerate(FLAG_ORDER) if k in kinds), len(FLAG_ORDER))
        quiet = self.last_activity.timestamp() if self.last_activity else 0.0
        return (rank, quiet, self.user.display_name.casefold(), self.user.id)


@dataclass
class Dashboard:
    """Everything the dashboard page and its exports show."""

    filters: Filters
    units: list[Unit]  # visible units, parents first, each with .depth
    courses: list[Course]
    course: Course | None
    modules: list[Module]  # the course's live modules grouped by tier: the matrix columns
    rows: list[LearnerRow]  # filtered and sorted, all pages
    tier_counts: dict[str, int]  # highest tier reached -> learners ("none" for no tier)
    learners_in_scope: int

    @property
    def offered_tiers(self) -> list[str]:
        return [t for t in TIERS if any(m.tier == t for m in self.modules)]

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // PAGE_SIZE))

    @property
    def page(self) -> int:
        return min(self.filters.page, self.pages)

    @property
    def page_rows(self) -> list[LearnerRow]:
        start = (self.page - 1) * PAGE_SIZE
        return self.rows[start : start + PAGE_SIZE]


def build_dashboard(
    session: Session, viewer: User, filters: Filters, *, today: date, stalled_days: int
) -> Dashboard:
    """The dashboard for ``viewer`` under ``filters``, in a fixed number of queries.

    Only units from :func:`~lms.supervise.services.units_visible_to` are used; a filter
    naming any other unit, or an unknown course, raises :class:`NotVisible`.
    """
    units = unit_tree(session, viewer)
    by_id = {u.id: u for u in units}
    if filters.unit is not None and filters.unit not in by_id:
        raise NotVisible(filters.unit)
    scope = subtree_ids(units, filters.unit) if filters.unit is not None else set(by_id)
    courses = list(
        session.scalars(
            sa.select(Course).where(Course.archived_at.is_(None)).order_by(Course.title)
        )
    )
    course = _chosen_course(session, courses, filters.course, set(by_id))
    if course is None:
        return Dashboard(filters, units, courses, None, [], [], {}, 0)
    modules = sorted(
        session.scalars(
            sa.select(Module).where(Module.course_id == course.id, Module.archived_at.is_(None))
        ),
        key=lambda m: (TIERS.index(m.tier), m.position),
    )

    learners = learners_in(session, scope)
    standings = course_standings(session, course, [u.id for u, _ in learners])
    assignments = _assignments_by_target(session, course)
    parents = dict(session.execute(sa.select(Unit.id, Unit.parent_id)).all())

    rows = []
    for user, unit_ids in learners:
        s = standings[user.id]
        assignment = _assignment_for(user.id, unit_ids, assignments, parents)
        offered = [t for t in TIERS if any(m.tier == t for m in modules)]
        target = (assignment.target_tier if assignment else None) or (
            offered[0] if offered else None
        )
        seen = [p.last_seen_at for p in s.progress.values()]
        row = LearnerRow(
            user=user,
            units=[by_id[i] for i in unit_ids if i in by_id],
            standing=s,
            last_activity=max(seen) if seen else None,
            assignment=assignment,
            target_tier=target,
        )
        row.flags = _flags(row, today, stalled_days)
        rows.append(row)

    counts = {"none": 0, **{t: 0 for t in TIERS}}
    for row in rows:
        counts[row.reached_tier or "none"] += 1
    shown = [
        r
        for r in rows
        if r.matches(filters.status)
        and (not filters.tier or (r.reached_tier or "none") == filters.tier)
    ]
    shown.sort(key=lambda r: r.sort_key)
    return Dashboard(filters, units, courses, course, modules, shown, counts, len(rows))


def _chosen_course(
    session: Session, courses: list[Course], slug: str | None, unit_ids: set[int]
) -> Course | None:
    """The course named in the filter, else the first one assigned in the viewer's units."""
    if slug:
        found = next((c for c in courses if c.slug == slug), None)
        if found is None:
            raise NotVisible(slug)
        return found
    assigned = set(
        session.scalars(sa.select(Assignment.course_id).where(Assignment.unit_id.in_(unit_ids)))
    )
    return next((c for c in courses if c.id in assigned), courses[0] if courses else None)


def _assignments_by_target(
    session: Session, course: Course
) -> tuple[dict[int, Assignment], dict[int, Assignment]]:
    by_unit, by_user = {}, {}
    for a in session.scalars(sa.select(Assignment).where(Assignment.course_id == course.id)):
        if a.unit_id is not None:
            by_unit[a.unit_id] = a
        else:
            by_user[a.user_id] = a
    return by_unit, by_user


def _assignment_for(
    user_id: int,
    unit_ids: list[int],
    assignments: tuple[dict[int, Assignment], dict[int, Assignment]],
    parents: dict[int, int | None],
) -> Assignment | None:
    """The learner's own assignment, else the one on the nearest unit above them.

    When several of the learner's units carry one, the earliest due date wins.
    """
    by_unit, by_user = assignments
    if user_id in by_user:
        return by_user[user_id]
    found = []
    for unit_id in unit_ids:
        current, hops = unit_id, 0
        while current is not None and hops < 100:  # hops: a guard against a cycle
            if current in by_unit:
                found.append(by_unit[current])
                break
            current, hops = parents.get(current), hops + 1
    if not found:
        return None
    return min(
        found, key=lambda a: (a.due_on is None, a.due_on or datetime.min.replace(tzinfo=UTC))
    )


def _flags(row: LearnerRow, today: date, stalled_days: int) -> list[Flag]:
    flags = []
    target = row.target_tier
    due = row.assignment.due_date if row.assignment else None
    if due is not None and due < today and target is not None:
        reached = row.reached_tier
        if reached is None or TIERS.index(reached) < TIERS.index(target):
            flags.append(Flag("overdue", due=due, tier=target))
    if row.status == "not_started":
        flags.append(Flag("not_started"))
    elif row.status == "in_progress" and row.last_activity is not None:
        quiet = (today - row.last_activity.date()).days
        if quiet >= stalled_days:
            flags.append(Flag("stalled", days=quiet))
    return flags


@dataclass(frozen=True)
class Labels:
    """How the table names things, in the viewer's language (given by the view)."""

    tier: Callable[[str], str]  # tier key -> name
    status: Callable[[str], str]  # module status key -> word
    flag: Callable[[Flag], str]  # flag -> plain reason
    no_tier: str
    columns: tuple[str, ...]  # Name, Unit, Level reached, Needs attention, Last activity, Due


@dataclass
class Table:
    """The dashboard as text: two header rows (tier groups, then column names) and rows.

    ``learner_ids`` runs beside ``rows`` so the page can link each name, and
    ``statuses`` holds each module cell's status key so the page can colour it.
    """

    groups: list[tuple[str, int]]  # (label, columns spanned)
    header: list[str]
    rows: list[list[str]]
    learner_ids: list[int]
    statuses: list[list[str]]

    @property
    def group_row(self) -> list[str]:
        """The group header as one cell per column (a spanning label fills its first cell)."""
        cells: list[str] = []
        for label, span in self.groups:
            cells += [label] + [""] * (span - 1)
        return cells


def dashboard_table(dash: Dashboard, rows: list[LearnerRow], labels: Labels) -> Table:
    """The one place that turns dashboard rows into cells: the page and exports use it."""
    modules = dash.modules
    groups: list[tuple[str, int]] = [("", len(labels.columns))]
    for tier in TIERS:
        span = sum(1 for m in modules if m.tier == tier)
        if span:
            groups.append((labels.tier(tier), span))
    header = [*labels.columns, *(m.title for m in modules)]
    body = []
    for row in rows:
        due = row.assignment.due_date if row.assignment else None
        body.append(
            [
                row.user.display_name,
                ", ".join(u.name for u in row.units),
                labels.tier(row.reached_tier) if row.reached_tier else labels.no_tier,
                "; ".join(labels.flag(f) for f in row.flags),
                row.last_activity.date().isoformat() if row.last_activity else "",
                due.isoformat() if due else "",
                *(labels.status(row.standing.status(m)) for m in modules),
            ]
        )
    statuses = [[row.standing.status(m) for m in modules] for row in rows]
    return Table(groups, header, body, [r.user.id for r in rows], statuses)
