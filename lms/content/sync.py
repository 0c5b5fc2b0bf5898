"""Course files → database. Idempotent; matches courses and modules by their ids.

A changed module keeps its progress (rows are updated in place), a removed module is
archived, and a course that fails validation keeps its last good version live.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import marshal
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from lms.content import CourseResult, CourseSpec, ModuleSpec, load_courses
from lms.content.load import course_folders
from lms.content.model import quiz_to_json
from lms.models import Course, Module, ModuleProgress, SyncLog, utcnow


@dataclass
class SyncReport:
    """What one sync did, in words an operator can read."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    invalid: list[CourseResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.invalid

    def lines(self) -> list[str]:
        """A short summary, one line per kind of change."""
        out = []
        for label, items in (
            ("added", self.added),
            ("changed", self.changed),
            ("archived", self.archived),
        ):
            if items:
                out.append(f"{label} ({len(items)}): {', '.join(items)}")
        if not (self.added or self.changed or self.archived):
            out.append("no changes")
        for result in self.invalid:
            errors = [p for p in result.problems if p.severity == "error"]
            out.append(
                f"invalid: {result.folder} ({len(errors)} errors; its last good version stays live)"
            )
        return out


def renderer_fingerprint() -> str:
    """What turns course files into stored rows: the content package's code, the libraries
    it renders with, and the render functions in use. A change to any of them makes the
    next sync parse every course again (a sanitizer fix reaches unchanged files)."""
    from lms.content import load

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):  # tier rules included
        digest.update(path.read_bytes())
    for dist in ("Markdown", "nh3", "PyYAML"):
        digest.update(importlib.metadata.version(dist).encode())
    for function in (load.render_block, load.render_inline):
        digest.update(marshal.dumps(getattr(function, "__code__", None) or repr(function)))
    return digest.hexdigest()


def folder_fingerprint(course_dir: Path, renderer: str) -> str:
    """Every file of a course folder (names and bytes) and the renderer, as one hash."""
    digest = hashlib.sha256(renderer.encode())
    for path in sorted(p for p in course_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(course_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def sync_courses(session: Session, root: Path, source: str = "cli") -> SyncReport:
    """Bring the database in line with the course folders under ``root`` (flushes only).

    A live course whose folder and renderer are unchanged since the last sync (same
    fingerprint) is reported unchanged without being parsed again.

    Adds one ``SyncLog`` row per course folder saying what this sync did; ``source``
    says who asked (``cli`` or ``webhook``).
    """
    report = SyncReport()
    if not root.is_dir():
        raise FileNotFoundError(f"courses folder not found: {root}")
    renderer = renderer_fingerprint()
    fingerprints = {d.name: folder_fingerprint(d, renderer) for d in course_folders(root)}
    live = {
        c.folder: c for c in session.scalars(sa.select(Course).where(Course.archived_at.is_(None)))
    }
    unchanged = {
        folder: live[folder]
        for folder, fingerprint in fingerprints.items()
        if folder in live and live[folder].source_fingerprint == fingerprint
    }
    results = load_courses(root, skip=set(unchanged))
    skipped_slugs = {c.slug for c in unchanged.values()}
    if any(r.spec and r.spec.id in skipped_slugs for r in results):
        # A new folder reuses the id of an unchanged one: let the full load judge which.
        unchanged, results = {}, load_courses(root)
    seen_slugs: set[str] = set()
    invalid_folders: set[str] = set()
    for course in unchanged.values():
        seen_slugs.add(course.slug)
        report.unchanged.append(course.slug)
        session.add(
            SyncLog(
                course_id=course.id,
                course_slug=course.slug,
                folder=course.folder,
                source=source,
                version=course.version,
                content_hash=course.content_hash,
            )
        )
    for result in results:
        if not result.ok:
            report.invalid.append(result)
            invalid_folders.add(result.folder)
            _log_invalid(session, result, source)
            continue
        seen_slugs.add(result.spec.id)
        course = _sync_course(session, result.spec, report, source)
        course.source_fingerprint = fingerprints.get(result.folder)
    gone = session.scalars(
        sa.select(Course).where(
            Course.archived_at.is_(None),
            Course.slug.not_in(seen_slugs) if seen_slugs else sa.true(),
        )
    )
    for course in gone:
        if course.folder in invalid_folders:
            continue  # broken, not removed: keep it live
        course.archived_at = utcnow()
        report.archived.append(course.slug)
    session.flush()
    return report


def _course_fields(spec: CourseSpec) -> dict:
    return {
        "title": spec.title,
        "language": spec.language,
        "summary": spec.summary,
        "audience": spec.audience,
        "version": spec.version,
        "folder": spec.folder,
        "tier_rules": [asdict(rule) for rule in spec.tiers],
        "glossary": [_glossary_dict(entry) for entry in spec.glossary],
        "content_hash": spec.content_hash,
        "show_answers": spec.show_answers,
        "shuffle_options": spec.shuffle_options,
    }


def _glossary_dict(entry) -> dict:
    return {
        "term": entry.term,
        "forms": list(entry.forms),
        "explanation": entry.explanation,
        "slug": entry.slug,
        "translations": dict(entry.translations),
    }


def _module_fields(spec: ModuleSpec, position: int) -> dict:
    return {
        "title": spec.title,
        "tier": spec.tier,
        "minutes": spec.minutes,
        "position": position,
        "pass_percent": spec.pass_percent,
        "objectives": list(spec.objectives),
        "body_html": spec.body_html,
        "quiz": quiz_to_json(spec.quiz),
        "reflections": [{"key": r.key, "prompt_html": r.prompt_html} for r in spec.reflections],
        "glossary_terms": [_glossary_dict(entry) for entry in spec.glossary_terms],
        "source_path": spec.source_path,
        "content_hash": spec.content_hash,
    }


def _log_invalid(session: Session, result: CourseResult, source: str) -> None:
    course = session.scalar(
        sa.select(Course).where(Course.folder == result.folder).order_by(Course.id).limit(1)
    )
    session.add(
        SyncLog(
            course_id=course.id if course else None,
            course_slug=course.slug if course else None,
            folder=result.folder,
            source=source,
            ok=False,
            version=course.version if course else None,
            errors=[str(p) for p in result.errors],
        )
    )


def _passes_on(session: Session, module_ids: list[int]) -> int:
    """Learners' passes recorded on these modules (kept when a module changes)."""
    if not module_ids:
        return 0
    return session.scalar(
        sa.select(sa.func.count(ModuleProgress.id)).where(
            ModuleProgress.module_id.in_(module_ids), ModuleProgress.passed_at.is_not(None)
        )
    )


def _sync_course(session: Session, spec: CourseSpec, report: SyncReport, source: str) -> Course:
    # Compare what would be stored, not only the files' hash: a renamed folder or a new
    # renderer (a sanitizer fix) changes the stored rows while the files stay the same.
    now = utcnow()
    fields = _course_fields(spec)
    course = session.scalar(sa.select(Course).where(Course.slug == spec.id))
    added = course is None
    if course is None:
        course = Course(slug=spec.id, **fields)
        session.add(course)
        session.flush()
    course_changed = course.archived_at is not None or _differs(course, fields)

    added_modules: list[str] = []
    changed_modules: list[str] = []
    archived_modules: list[str] = []
    kept_on: list[int] = []  # modules changed or archived: their passes stay
    existing = {
        m.slug: m for m in session.scalars(sa.select(Module).where(Module.course_id == course.id))
    }
    for position, module_spec in enumerate(spec.modules, start=1):
        label = f"{spec.id}/{module_spec.id}"
        module_fields = _module_fields(module_spec, position)
        module = existing.pop(module_spec.id, None)
        if module is None:
            session.add(Module(course_id=course.id, slug=module_spec.id, **module_fields))
            added_modules.append(label)
        elif module.archived_at is not None or _differs(module, module_fields):
            for key, value in module_fields.items():
                setattr(module, key, value)
            module.archived_at = None
            module.updated_at = now
            changed_modules.append(label)
            kept_on.append(module.id)
    for module in existing.values():
        if module.archived_at is None:
            module.archived_at = now
            archived_modules.append(f"{spec.id}/{module.slug}")
            kept_on.append(module.id)

    if added:
        report.added.append(spec.id)
    elif course_changed or added_modules or changed_modules or archived_modules:
        for key, value in fields.items():
            setattr(course, key, value)
        course.archived_at = None
        course.synced_at = now
        report.changed.append(spec.id)
    else:
        report.unchanged.append(spec.id)
    report.added.extend(added_modules)
    report.changed.extend(changed_modules)
    report.archived.extend(archived_modules)
    session.add(
        SyncLog(
            course_id=course.id,
            course_slug=spec.id,
            folder=spec.folder,
            source=source,
            ok=True,
            version=spec.version,
            content_hash=spec.content_hash,
            added=[label.split("/", 1)[1] for label in added_modules],
            changed=[label.split("/", 1)[1] for label in changed_modules],
            archived=[label.split("/", 1)[1] for label in archived_modules],
            passes_kept=_passes_on(session, kept_on),
        )
    )
    return course


def _differs(row: Course | Module, fields: dict) -> bool:
    return any(getattr(row, key) != value for key, value in fields.items())
