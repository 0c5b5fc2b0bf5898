"""Staff lists as CSV: read a file, plan what an import would change, apply it, export.

Reading is pure (bytes in, rows and problems out). Planning compares the rows with the
database and writes nothing; applying writes exactly the plan (the caller commits once).
Problems carry an English msgid and its parameters; the page translates them.

The format: a header row, then one person per row. Columns ``name``, ``username``,
``unit`` are required, ``email`` and ``employee_number`` optional (Norwegian and Swedish
header names are accepted too). ``unit`` may list several units separated by ``|``.
UTF-8 with or without a byte order mark, ``;`` (Excel in Norway) or ``,`` between cells.
An empty optional cell keeps what the person has; the import never removes an account.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.audit import record_event
from lms.auth.services import create_user
from lms.i18n import N_
from lms.models import Membership, Organisation, Unit, User

MAX_ROWS = 5000
UNIT_SEPARATOR = "|"
REQUIRED = ("name", "username", "unit")
OPTIONAL = ("email", "employee_number")
EXPORT_COLUMNS = ("name", "username", "email", "unit", "employee_number")
HEADER_NAMES = {
    "name": ("name", "navn", "namn", "fullt navn", "fullständigt namn"),
    "username": ("username", "brukernavn", "användarnamn", "user name"),
    "email": ("email", "e-mail", "e-post", "epost", "mail"),
    "unit": ("unit", "enhet", "avdeling", "avdelning"),
    "employee_number": (
        "employee_number",
        "employee number",
        "ansattnummer",
        "ansattnr",
        "anställningsnummer",
        "anställningsnr",
    ),
}
_HEADER_LOOKUP = {alias: key for key, aliases in HEADER_NAMES.items() for alias in aliases}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The messages (English msgids, translated on the page).
NOT_UTF8 = N_("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.")
EMPTY_FILE = N_("The file is empty.")
MISSING_COLUMN = N_("The column “%(column)s” is missing from the first line.")
TOO_MANY_ROWS = N_("The file has more than %(max)d people. Split it into smaller files.")
NO_ROWS = N_("The file has a header but no people.")
REQUIRED_CELL = N_("“%(column)s” is empty.")
TOO_LONG = N_("“%(column)s” is longer than %(max)d characters.")
BAD_USERNAME = N_("The username “%(value)s” may not contain spaces.")
BAD_EMAIL = N_("“%(value)s” is not an email address.")
UNKNOWN_UNIT = N_(
    "There is no unit called “%(value)s”. Create it under Units, or fix the spelling."
)
DUPLICATE_IN_FILE = N_("“%(value)s” is also on line %(other)d.")
OTHER_ORGANISATION = N_("The username “%(value)s” belongs to someone in another organisation.")
CANNOT_CREATE = N_("This person could not be added: %(reason)s")
TAKEN_BY_OTHER = N_("“%(value)s” already belongs to %(username)s.")

LIMITS = {"name": 120, "username": 80, "email": 254, "employee_number": 40}


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: ``line`` 0 means the file as a whole."""

    line: int
    message: str
    params: dict = field(default_factory=dict)


class ImportRowError(ValueError):
    """A row the account rules refused while applying; nothing of the import is kept."""

    def __init__(self, line: int, error: ValueError):
        super().__init__(f"line {line}: {error}")
        message = getattr(error, "message", None)
        self.problem = Problem(
            line,
            message if isinstance(message, str) else CANNOT_CREATE,
            getattr(error, "params", {}) if isinstance(message, str) else {"reason": str(error)},
        )


@dataclass(frozen=True)
class StaffRow:
    """One person as read from the file (cells stripped; empty optional cells are None)."""

    line: int
    name: str
    username: str
    email: str | None
    units: tuple[str, ...]
    employee_number: str | None


@dataclass(frozen=True)
class StaffFile:
    """A parsed file: its rows, its problems and the columns that were ignored."""

    rows: tuple[StaffRow, ...]
    problems: tuple[Problem, ...]
    ignored_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedRow:
    """What importing one row will do: ``create``, ``update`` (with the fields) or nothing."""

    row: StaffRow
    action: str
    changes: tuple[str, ...] = ()
    user_id: int | None = None


@dataclass(frozen=True)
class ImportPlan:
    """Every row's planned action and every problem; only a plan without problems applies."""

    rows: tuple[PlannedRow, ...]
    problems: tuple[Problem, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def unquote_cell(value: str) -> str:
    """Undo the export's protection of cells that a spreadsheet would run as formulas."""
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START:
        return value[1:]
    return value


def protect_cell(value: str) -> str:
    """A cell that Excel shows as text, never runs (``=``, ``+``, ``-``, ``@`` first)."""
    if value and value[0] in _FORMULA_START:
        return "'" + value
    return value


def read_staff_csv(data: bytes) -> StaffFile:
    """Parse a staff CSV. Pure: every problem names its line; nothing is looked up."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return StaffFile((), (Problem(0, NOT_UTF8),))
    if not text.strip():
        return StaffFile((), (Problem(0, EMPTY_FILE),))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    columns: dict[str, int] = {}
    ignored = []
    for index, cell in enumerate(header):
        key = _HEADER_LOOKUP.get(" ".join(cell.strip().lower().split()))
        if key is None or key in columns:
            if cell.strip():
                ignored.append(cell.strip())
            continue
        columns[key] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        return StaffFile(
            (), tuple(Problem(1, MISSING_COLUMN, {"column": c}) for c in missing), tuple(ignored)
        )
    rows: list[StaffRow] = []
    problems: list[Problem] = []
    previous_end = reader.line_num
    for cells in reader:
        line = previous_end + 1
        previous_end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            return StaffFile((), (Problem(line, TOO_MANY_ROWS, {"max": MAX_ROWS}),), tuple(ignored))
        row, row_problems = _read_row(line, cells, columns)
        problems.extend(row_problems)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.append(Problem(0, NO_ROWS))
    problems.extend(_duplicates(rows))
    return StaffFile(tuple(rows), tuple(sorted(problems, key=lambda p: p.line)), tuple(ignored))


def _read_row(
    line: int, cells: list[str], columns: dict[str, int]
) -> tuple[StaffRow | None, list[Problem]]:
    def cell(key: str) -> str:
        index = columns.get(key)
        if index is None or index >= len(cells):
            return ""
        return unquote_cell(" ".join(cells[index].split()))

    values = {key: cell(key) for key in (*REQUIRED, *OPTIONAL)}
    problems = [
        Problem(line, REQUIRED_CELL, {"column": key}) for key in REQUIRED if not values[key]
    ]
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            problems.append(Problem(line, TOO_LONG, {"column": key, "max": limit}))
    username = values["username"]
    if username and len(cells[columns["username"]].strip().split()) > 1:
        problems.append(Problem(line, BAD_USERNAME, {"value": username}))
    email = values["email"] or None
    if email and not EMAIL_PATTERN.match(email):
        problems.append(Problem(line, BAD_EMAIL, {"value": email}))
    units = tuple(
        dict.fromkeys(u.strip() for u in values["unit"].split(UNIT_SEPARATOR) if u.strip())
    )
    if problems:
        return None, problems
    return (
        StaffRow(
            line=line,
            name=values["name"],
            username=username,
            email=email,
            units=units,
            employee_number=values["employee_number"] or None,
        ),
        [],
    )


def _duplicates(rows: list[StaffRow]) -> list[Problem]:
    """A username, email or employee number on two lines: the later line is the problem."""
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        for kind, value in (
            ("username", row.username),
            ("email", row.email),
            ("employee_number", row.employee_number),
        ):
            if not value:
                continue
            key = (kind, value.casefold())
            if key in seen:
                problems.append(
                    Problem(row.line, DUPLICATE_IN_FILE, {"value": value, "other": seen[key]})
                )
            else:
                seen[key] = row.line
    return problems


@dataclass
class _Lookup:
    """What the database holds for the people in a file, fetched in a few queries."""

    units: dict[str, Unit]
    users: dict[str, User]
    emails: dict[str, User]
    numbers: dict[str, User]
    memberships: dict[int, dict[str, set[int]]]

    def unit(self, name: str) -> Unit | None:
        return self.units.get(name.casefold())

    def units_of(self, user: User) -> dict[str, set[int]]:
        return self.memberships.get(user.id, {"member": set(), "supervisor": set()})


def _lookup(session: Session, organisation: Organisation, rows: tuple[StaffRow, ...]) -> _Lookup:
    units = {
        u.name.casefold(): u
        for u in session.scalars(sa.select(Unit).where(Unit.organisation_id == organisation.id))
    }

    def by_lower(column, values: set[str]) -> dict[str, User]:
        found: dict[str, User] = {}
        values_list = sorted(values)
        for start in range(0, len(values_list), 500):
            chunk = values_list[start : start + 500]
            for user in session.scalars(sa.select(User).where(sa.func.lower(column).in_(chunk))):
                found[(getattr(user, column.key) or "").lower()] = user
        return found

    users = by_lower(User.username, {r.username.lower() for r in rows})
    emails = by_lower(User.email, {r.email.lower() for r in rows if r.email})
    numbers = by_lower(
        User.employee_number, {r.employee_number.lower() for r in rows if r.employee_number}
    )
    memberships: dict[int, dict[str, set[int]]] = {}
    user_ids = sorted(u.id for u in users.values())
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start : start + 500]
        for user_id, unit_id, role in session.execute(
            sa.select(Membership.user_id, Membership.unit_id, Membership.role)
            .join(Unit, Unit.id == Membership.unit_id)
            .where(Membership.user_id.in_(chunk), Unit.organisation_id == organisation.id)
        ):
            memberships.setdefault(user_id, {"member": set(), "supervisor": set()})[role].add(
                unit_id
            )
    return _Lookup(units, users, emails, numbers, memberships)


def plan_import(session: Session, organisation: Organisation, staff: StaffFile) -> ImportPlan:
    """What importing ``staff`` into ``organisation`` would do. Reads only, writes nothing.

    A fixed number of queries whatever the number of rows (in chunks of 500 names).
    """
    found = _lookup(session, organisation, staff.rows)
    planned: list[PlannedRow] = []
    problems = list(staff.problems)
    for row in staff.rows:
        row_problems = [
            Problem(row.line, UNKNOWN_UNIT, {"value": name})
            for name in row.units
            if found.unit(name) is None
        ]
        user = found.users.get(row.username.lower())
        if user is not None and user.organisation_id not in (None, organisation.id):
            row_problems.append(Problem(row.line, OTHER_ORGANISATION, {"value": row.username}))
        row_problems.extend(_taken(found, row, user))
        if row_problems:
            problems.extend(row_problems)
            continue
        if user is None:
            planned.append(PlannedRow(row, "create"))
            continue
        changes = _changes(found, user, row)
        planned.append(
            PlannedRow(row, "update" if changes else "unchanged", tuple(changes), user.id)
        )
    problems.sort(key=lambda p: p.line)
    return ImportPlan(tuple(planned), tuple(problems), staff.ignored_columns)


def _taken(found: _Lookup, row: StaffRow, user: User | None) -> list[Problem]:
    """An email or employee number that belongs to someone other than this row's person."""
    problems = []
    for owners, value in ((found.emails, row.email), (found.numbers, row.employee_number)):
        if not value:
            continue
        owner = owners.get(value.lower())
        if owner is not None and (user is None or owner.id != user.id):
            problems.append(
                Problem(row.line, TAKEN_BY_OTHER, {"value": value, "username": owner.username})
            )
    return problems


def _wanted_unit_ids(found: _Lookup, row: StaffRow, current: dict[str, set[int]]) -> set[int]:
    # A unit the person already leads stays a supervisor membership: it is no change.
    return {found.unit(name).id for name in row.units} - current["supervisor"]


def _changes(found: _Lookup, user: User, row: StaffRow) -> list[str]:
    changes = []
    if user.display_name != row.name:
        changes.append("name")
    if row.email and (user.email or "").lower() != row.email.lower():
        changes.append("email")
    if row.employee_number and user.employee_number != row.employee_number:
        changes.append("employee_number")
    current = found.units_of(user)
    if _wanted_unit_ids(found, row, current) != current["member"]:
        changes.append("unit")
    if user.organisation_id is None:
        changes.append("organisation")
    return changes


def apply_import(
    session: Session, organisation: Organisation, plan: ImportPlan, actor: User
) -> list[User]:
    """Write ``plan`` (which must be ok): create and update people; return the new ones.

    Flushes only; the caller commits once, so a failure leaves nothing half-imported.
    """
    if not plan.ok:
        raise ValueError("only a plan without problems can be applied")
    found = _lookup(session, organisation, tuple(p.row for p in plan.rows))
    created: list[User] = []
    # No autoflush: create_user flushes each new person itself; flushing the pending
    # memberships and audit rows before every lookup made a large import crawl.
    with session.no_autoflush:
        for planned in plan.rows:
            row = planned.row
            if planned.action == "unchanged":
                continue
            if planned.action == "create":
                # No password yet: the person chooses their own on the card's link.
                try:
                    user = create_user(
                        session,
                        row.username,
                        None,
                        roles=("learner",),
                        display_name=row.name,
                        email=row.email,
                        organisation_id=organisation.id,
                    )
                except ValueError as error:  # the account rules of create_user
                    raise ImportRowError(row.line, error) from error
                user.employee_number = row.employee_number
                for name in row.units:
                    session.add(
                        Membership(user_id=user.id, unit_id=found.unit(name).id, role="member")
                    )
                record_event(
                    session,
                    "user.create",
                    actor=actor,
                    target_type="user",
                    target_id=user.id,
                    via="import",
                    units=list(row.units),
                )
                created.append(user)
                continue
            user = session.get(User, planned.user_id)
            _update(session, found, user, row, organisation)
            record_event(
                session,
                "user.update",
                actor=actor,
                target_type="user",
                target_id=user.id,
                via="import",
                fields=list(planned.changes),
            )
    session.flush()
    record_event(
        session,
        "staff.import",
        actor=actor,
        target_type="organisation",
        target_id=organisation.id,
        created=plan.count("create"),
        updated=plan.count("update"),
        unchanged=plan.count("unchanged"),
    )
    return created


def _update(session: Session, found: _Lookup, user: User, row: StaffRow, org: Organisation) -> None:
    user.display_name = row.name
    if row.email:
        user.email = row.email
    if row.employee_number:
        user.employee_number = row.employee_number
    if user.organisation_id is None:
        user.organisation_id = org.id
    current = found.units_of(user)
    wanted = _wanted_unit_ids(found, row, current)
    gone = current["member"] - wanted
    if gone:
        session.execute(
            sa.delete(Membership).where(
                Membership.user_id == user.id,
                Membership.unit_id.in_(gone),
                Membership.role == "member",
            )
        )
    for unit_id in wanted - current["member"]:
        session.add(Membership(user_id=user.id, unit_id=unit_id, role="member"))


def export_staff_csv(session: Session, organisation: Organisation) -> bytes:
    """The organisation's active staff (members of its units) as CSV that imports back
    unchanged: UTF-8 with a byte order mark and ``;`` between cells, as Excel in Norway
    expects; formula-like cells are protected with a leading apostrophe.
    """
    rows = session.execute(
        sa.select(User, Unit.name)
        .join(Membership, Membership.user_id == User.id)
        .join(Unit, Unit.id == Membership.unit_id)
        .where(
            Unit.organisation_id == organisation.id,
            Membership.role == "member",
            User.active.is_(True),
        )
        .order_by(User.username, Unit.name)
    ).all()
    people: dict[int, tuple[User, list[str]]] = {}
    for user, unit_name in rows:
        people.setdefault(user.id, (user, []))[1].append(unit_name)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for user, unit_names in people.values():
        writer.writerow(
            protect_cell(value)
            for value in (
                user.display_name,
                user.username,
                user.email or "",
                f" {UNIT_SEPARATOR} ".join(unit_names),
                user.employee_number or "",
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
