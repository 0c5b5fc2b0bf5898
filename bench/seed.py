"""A realistic database for the bench, written with bulk inserts.

One organisation; a top unit with 39 units under it (40 in all): one of exactly 50
learners (the small dashboard), one of 500 (the export), the rest share what is left.
Every learner has about 60 % of the course modules behind them (a prefix in course
order, the last one started rather than passed), one quiz attempt per passed quiz
module, reflection meetings per unit, and the tier awards their progress earns.

Deterministic (a fixed random seed), so two runs measure the same data.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.auth.services import hash_password
from lms.models import (
    Assignment,
    Course,
    Meeting,
    MeetingAttendance,
    Membership,
    Module,
    ModuleProgress,
    Organisation,
    QuizAttempt,
    TierAward,
    Unit,
    User,
    UserRole,
)
from lms.tiers.engine import TierModule, evaluate
from lms.tiers.standing import course_rules

BENCH_PASSWORD = "bench-password-15"  # noqa: S105 - loopback-only bench accounts
ORG_NAME = "Benchkommune"
SMALL_UNIT_SIZE = 50
EXPORT_UNIT_SIZE = 500
UNIT_COUNT = 40
CHUNK = 5000


@dataclass
class Seeded:
    """Who and what the bench measures with (ids and usernames)."""

    learners: int
    learner: str  # a learner with progress in every course
    race_learner: str  # a learner with no progress at all (parallel submits)
    small_supervisor: str  # supervises the 50-learner unit only
    org_supervisor: str  # supervises the top unit, so every unit
    small_unit_id: int
    export_unit_id: int
    top_unit_id: int
    counts: dict[str, int] = field(default_factory=dict)


def _unit_sizes(learners: int, units: int) -> list[int]:
    """Members of each unit under the top one: 50, 500, then the rest spread evenly."""
    small = min(SMALL_UNIT_SIZE, learners)
    export = min(EXPORT_UNIT_SIZE, learners - small)
    rest_units = units - 3  # top unit, small unit, export unit
    rest = learners - small - export
    share, extra = divmod(rest, rest_units)
    return [small, export] + [share + (1 if i < extra else 0) for i in range(rest_units)]


def _insert(session: Session, model, rows: list[dict]) -> None:
    """Insert many rows fast. On SQLite straight through the driver: SQLAlchemy's
    per-value type processing (timestamps, JSON) would take most of the seeding time."""
    if not rows:
        return
    table = model.__table__
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _copy_postgresql(connection, table, rows)
        return
    if connection.dialect.name != "sqlite":
        for start in range(0, len(rows), CHUNK):
            session.execute(table.insert(), rows[start : start + CHUNK])
        return
    statement = table.insert().values({c: sa.bindparam(c) for c in rows[0]})
    compiled = statement.compile(dialect=connection.dialect)
    order = compiled.positiontup
    # Columns with a Python default (created_at…) are in the statement too: fill them in.
    defaults = {c: _default(table.c[c]) for c in order if c not in rows[0]}
    values = [tuple(_sqlite_value(row.get(c, defaults.get(c))) for c in order) for row in rows]
    connection.exec_driver_sql(str(compiled), values)


def _copy_postgresql(connection, table: sa.Table, rows: list[dict]) -> None:
    """Rows into a PostgreSQL table with COPY (psycopg 3), defaults filled in."""
    from psycopg import sql
    from psycopg.types.json import Json

    columns = [c.name for c in table.columns if c.name in rows[0] or c.default is not None]
    defaults = {c: _default(table.c[c]) for c in columns if c not in rows[0]}
    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    Json(v) if isinstance(v, dict | list) else v
                    for v in (row.get(c, defaults.get(c)) for c in columns)
                ]
            )


def _default(column: sa.Column):
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def _sqlite_value(value):
    """A value as SQLAlchemy stores it on SQLite (UTC timestamps without offset, JSON text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _insert_users(session: Session, usernames: list[str], org_id: int, pw: str) -> list[int]:
    now = datetime.now(UTC)
    _insert(
        session,
        User,
        [
            {
                "username": name,
                "display_name": f"Bench {name}",
                "password_hash": pw,
                "organisation_id": org_id,
                "active": True,
                "created_at": now,
            }
            for name in usernames
        ],
    )
    ids = dict(
        session.execute(sa.select(User.username, User.id).where(User.username.in_(usernames))).all()
    )  # noqa: E501
    return [ids[name] for name in usernames]


def seed(session: Session, learners: int = 10_000, units: int = UNIT_COUNT) -> Seeded:
    """Fill an empty, migrated database whose courses are synced (commits)."""
    rng = random.Random(15)
    courses = list(session.scalars(sa.select(Course).where(Course.archived_at.is_(None))))
    if not courses:
        raise RuntimeError("sync the courses before seeding the bench database")
    modules = {
        c.id: list(
            session.scalars(
                sa.select(Module)
                .where(Module.course_id == c.id, Module.archived_at.is_(None))
                .order_by(Module.position)
            )
        )
        for c in courses
    }
    pw = hash_password(BENCH_PASSWORD)

    org = Organisation(name=ORG_NAME)
    session.add(org)
    session.flush()
    top = Unit(organisation_id=org.id, name="Helse og omsorg")
    session.add(top)
    session.flush()
    sizes = _unit_sizes(learners, units)
    unit_rows = [
        Unit(organisation_id=org.id, name=f"Enhet {i + 1:02d}", parent_id=top.id)
        for i in range(len(sizes))
    ]
    session.add_all(unit_rows)
    session.flush()

    learner_names = [f"learner{i:05d}" for i in range(learners)] + ["race-learner"]
    staff_names = ["sup-small", "sup-org"]
    user_ids = _insert_users(session, learner_names + staff_names, org.id, pw)
    learner_ids, race_id = user_ids[:learners], user_ids[learners]
    small_sup, org_sup = user_ids[learners + 1 :]
    _insert(
        session,
        UserRole,
        [{"user_id": uid, "role": "learner"} for uid in learner_ids + [race_id]]
        + [{"user_id": uid, "role": "supervisor"} for uid in (small_sup, org_sup)],
    )

    members: dict[int, list[int]] = {}
    memberships = []
    cursor = 0
    for unit, size in zip(unit_rows, sizes, strict=True):
        members[unit.id] = learner_ids[cursor : cursor + size]
        cursor += size
        memberships += [
            {"user_id": uid, "unit_id": unit.id, "role": "member"} for uid in members[unit.id]
        ]  # noqa: E501
    memberships += [
        {"user_id": race_id, "unit_id": unit_rows[-1].id, "role": "member"},
        {"user_id": small_sup, "unit_id": unit_rows[0].id, "role": "supervisor"},
        {"user_id": org_sup, "unit_id": top.id, "role": "supervisor"},
    ]
    _insert(session, Membership, memberships)
    _insert(
        session,
        Assignment,
        [{"course_id": c.id, "unit_id": u.id} for c in courses for u in unit_rows],
    )

    # Meetings: two per unit and course, each attended by about half the unit.
    attended: dict[tuple[int, int], int] = {}
    attendance = []
    for unit in unit_rows:
        for course in courses:
            for n in range(2):
                meeting = Meeting(
                    course_id=course.id,
                    unit_id=unit.id,
                    title=f"Refleksjon {n + 1}",
                    held_on=date(2026, 9, 1) + timedelta(days=14 * n),
                    created_by_id=small_sup,
                )
                session.add(meeting)
                session.flush()
                for uid in members[unit.id]:
                    if rng.random() < 0.5:
                        attendance.append({"meeting_id": meeting.id, "user_id": uid})
                        attended[(uid, course.id)] = attended.get((uid, course.id), 0) + 1
    _insert(session, MeetingAttendance, attendance)

    progress, attempts, awards = [], [], []
    base = datetime(2026, 9, 1, 8, tzinfo=UTC)
    for uid in learner_ids:
        for course in courses:
            mods = modules[course.id]
            share = rng.random() ** (2 / 3)  # mean 0.6
            done = round(share * len(mods))
            passed = set()
            for i, mod in enumerate(mods[:done]):
                when = base + timedelta(days=i, minutes=uid % 600)
                is_passed = i < done - 1 or done == len(mods)
                row = {
                    "user_id": uid,
                    "module_id": mod.id,
                    "first_opened_at": when,
                    "last_seen_at": when,
                    "attempts": 1 if mod.quiz else 0,
                    "best_score": 100 if mod.quiz and is_passed else (50 if mod.quiz else None),
                    "passed_at": when if is_passed else None,
                    "passed_content_hash": mod.content_hash if is_passed else None,
                    "passed_course_version": course.version_label if is_passed else None,
                }
                progress.append(row)
                if is_passed:
                    passed.add(mod.slug)
                if mod.quiz:
                    attempts.append(
                        {
                            "user_id": uid,
                            "module_id": mod.id,
                            "token": f"seed-{uid}-{mod.id}",
                            "submitted_at": when,
                            "answers": {},
                            "correct": 2 if is_passed else 1,
                            "total": 2,
                            "score": 100 if is_passed else 50,
                            "passed": is_passed,
                            "content_hash": mod.content_hash,
                        }
                    )
            result = evaluate(
                course_rules(course),
                [TierModule(m.slug, m.tier) for m in mods],
                passed,
                attended.get((uid, course.id), 0),
            )
            for status in result.tiers:
                if status.reached:
                    awards.append(
                        {
                            "user_id": uid,
                            "course_id": course.id,
                            "tier": status.tier,
                            "awarded_at": base + timedelta(days=len(passed)),
                            "course_version": course.version_label,
                            "verification_code": secrets.token_hex(8).upper(),
                            "subject_uuid": f"00000000-0000-4000-8000-{uid:06d}{course.id:06d}",
                            "modules_snapshot": [],
                            "issuer_name": ORG_NAME,
                        }
                    )
    _insert(session, ModuleProgress, progress)
    _insert(session, QuizAttempt, attempts)
    _insert(session, TierAward, awards)
    session.commit()
    return Seeded(
        learners=learners,
        learner=learner_names[0],
        race_learner="race-learner",
        small_supervisor="sup-small",
        org_supervisor="sup-org",
        small_unit_id=unit_rows[0].id,
        export_unit_id=unit_rows[1].id,
        top_unit_id=top.id,
        counts={
            "units": len(unit_rows) + 1,
            "learners": learners,
            "progress": len(progress),
            "attempts": len(attempts),
            "meeting_attendance": len(attendance),
            "awards": len(awards),
        },
    )
