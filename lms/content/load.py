"""Loading course folders into ``CourseSpec`` objects and every problem found on the way.

Plain paths in, frozen dataclasses and ``Problem`` lists out; no Flask, no database.
One run reports every problem of every file; a course with any error gets no spec.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from lms.content.fences import find_fences
from lms.content.glossary import mark_terms
from lms.content.links import LinkResolver
from lms.content.model import (
    CourseResult,
    CourseSpec,
    GlossaryEntry,
    ModuleSpec,
    Problem,
    QuizOption,
    QuizQuestion,
    Reflection,
)
from lms.content.quiz import RawQuestion, parse_quiz, parse_reflection
from lms.content.render import add_scroll_boxes, render_block, render_inline
from lms.content.report import Report
from lms.content.source import FrontMatterSplit, SourceError, decode, split_front_matter
from lms.content.tier_rules import TIERS, TierRule
from lms.content.validate import (
    CourseSettings,
    ModuleMeta,
    check_course_settings,
    check_glossary,
    check_module_meta,
)
from lms.content.yamlfile import YamlFile

COURSE_FILE = "course.yml"
GLOSSARY_FILE = "glossary.yml"


def load_courses(root: Path, skip: Collection[str] = ()) -> list[CourseResult]:
    """Load every course folder under ``root`` (one ``CourseResult`` each, by folder name).

    A folder is a course when it holds ``course.yml``; a folder with Markdown files but
    no ``course.yml`` is reported. Hidden folders and folders starting with ``_`` are
    skipped, and so are the folders named in ``skip`` (a sync passes the unchanged ones).
    A course id already used by an earlier folder is an error on the later one.
    Raises ``FileNotFoundError`` when ``root`` is not a folder.
    """
    if not root.is_dir():
        raise FileNotFoundError(f"courses folder not found: {root}")
    loaded: list[_LoadedCourse] = []
    for child in course_folders(root):
        if child.name in skip:
            continue
        if (child / COURSE_FILE).is_file():
            loaded.append(_load_course(child, root))
        elif any(p.is_file() and p.suffix.lower() == ".md" for p in child.iterdir()):
            loaded.append(_LoadedCourse(_missing_course_file(child, root), None, 1))
    return _reject_duplicate_ids(loaded)


def course_folders(root: Path) -> list[Path]:
    """The folders under ``root`` that may hold a course, by name (not hidden, not ``_``)."""
    return [
        child
        for child in sorted(root.iterdir(), key=lambda p: p.name)
        if child.is_dir() and not child.name.startswith((".", "_"))
    ]


def load_course(course_dir: Path, root: Path) -> CourseResult:
    """Load one course folder; problem paths are relative to ``root``."""
    return _load_course(course_dir, root).result


def check(root: Path) -> list[Problem]:
    """Every problem of every course under ``root``, sorted by path and line."""
    problems = [p for result in load_courses(root) for p in result.problems]
    return sorted(problems, key=lambda p: (p.path, p.line))


def module_files(course_dir: Path) -> list[Path]:
    """The module files of a course: each ``.md`` directly in the folder, by name,
    except ``README.md`` and names starting with ``_`` or ``.``."""
    return sorted(
        (
            path
            for path in course_dir.iterdir()
            if path.is_file()
            and path.suffix.lower() == ".md"
            and path.name.lower() != "readme.md"
            and not path.name.startswith(("_", "."))
        ),
        key=lambda p: p.name,
    )


@dataclass(frozen=True)
class _LoadedCourse:
    result: CourseResult
    course_id: str | None
    id_line: int


@dataclass
class _ModuleDraft:
    """A module file between reading and rendering."""

    file: Path
    report: Report
    raw: bytes
    split: FrontMatterSplit | None = None
    meta: ModuleMeta | None = None


@dataclass(frozen=True)
class _RenderedModule:
    body_html: str
    quiz: tuple[QuizQuestion, ...]
    reflections: tuple[Reflection, ...]
    glossary_terms: tuple[GlossaryEntry, ...]


def _folder_name(course_dir: Path, root: Path) -> str:
    return Path(os.path.relpath(course_dir, root)).as_posix()


def _missing_course_file(course_dir: Path, root: Path) -> CourseResult:
    folder = _folder_name(course_dir, root)
    message = "missing course.yml: a folder with Markdown files needs one"
    if (course_dir / "course.yaml").is_file():
        message = "missing course.yml: rename course.yaml to course.yml"
    return CourseResult(folder, None, (Problem(f"{folder}/{COURSE_FILE}", 1, message),))


def _reject_duplicate_ids(loaded: list[_LoadedCourse]) -> list[CourseResult]:
    first_folder: dict[str, str] = {}
    results = []
    for course in loaded:
        result = course.result
        if course.course_id is not None:
            if course.course_id in first_folder:
                problem = Problem(
                    f"{result.folder}/{COURSE_FILE}",
                    course.id_line,
                    f"course id '{course.course_id}' is already used by "
                    f"{first_folder[course.course_id]}/{COURSE_FILE}",
                )
                problems = sorted((*result.problems, problem), key=lambda p: (p.path, p.line))
                result = replace(result, spec=None, problems=tuple(problems))
            else:
                first_folder[course.course_id] = result.folder
        results.append(result)
    return results


def _read_yaml(path: Path, report: Report) -> YamlFile | None:
    try:
        return YamlFile(decode(path.read_bytes()))
    except SourceError as exc:
        report.error(exc.line, exc.message)
    except OSError as exc:
        report.error(1, f"cannot read the file: {exc.strerror}")
    return None


def _load_course(course_dir: Path, root: Path) -> _LoadedCourse:
    folder = _folder_name(course_dir, root)
    course_report = Report(f"{folder}/{COURSE_FILE}")
    settings: CourseSettings | None = None
    if not (course_dir / COURSE_FILE).is_file():
        course_report.error(1, "missing course.yml")
    else:
        doc = _read_yaml(course_dir / COURSE_FILE, course_report)
        if doc is not None:
            settings = check_course_settings(doc, course_report)

    glossary: tuple[GlossaryEntry, ...] = ()
    glossary_report = Report(f"{folder}/{GLOSSARY_FILE}")
    if (course_dir / GLOSSARY_FILE).is_file():
        doc = _read_yaml(course_dir / GLOSSARY_FILE, glossary_report)
        if doc is not None:
            glossary = check_glossary(doc, glossary_report)

    drafts = [_read_module(path, f"{folder}/{path.name}") for path in module_files(course_dir)]
    _reject_duplicate_module_ids(drafts)
    module_ids = {d.file.resolve(): d.meta.id if d.meta else None for d in drafts}
    rendered = [
        _render_module(
            d,
            LinkResolver(course_dir, d.file, module_ids, d.report),
            glossary,
            (settings and settings.language) or "en",
        )
        for d in drafts
    ]
    if settings is not None:
        _check_tier_counts(settings, drafts, course_report)

    reports = [course_report, glossary_report, *(d.report for d in drafts)]
    problems = tuple(
        sorted((p for r in reports for p in r.problems), key=lambda p: (p.path, p.line))
    )
    spec = None
    if settings is not None and not any(r.has_errors for r in reports):
        spec = _build_course(settings, drafts, rendered, glossary, folder, course_dir)
    course_id = settings.id if settings else None
    return _LoadedCourse(
        CourseResult(folder, spec, problems), course_id, settings.id_line if settings else 1
    )


def _read_module(path: Path, problem_path: str) -> _ModuleDraft:
    report = Report(problem_path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(1, f"cannot read the file: {exc.strerror}")
        return _ModuleDraft(path, report, b"")
    draft = _ModuleDraft(path, report, raw)
    try:
        draft.split = split_front_matter(decode(raw))
        doc = YamlFile(draft.split.yaml_text, draft.split.yaml_first_line)
    except SourceError as exc:
        report.error(exc.line, exc.message)
        return draft
    draft.meta = check_module_meta(doc, report)
    return draft


def _reject_duplicate_module_ids(drafts: list[_ModuleDraft]) -> None:
    first_file: dict[str, str] = {}
    for draft in drafts:
        if draft.meta is None or draft.meta.id is None:
            continue
        if draft.meta.id in first_file:
            draft.report.error(
                draft.meta.id_line,
                f"duplicate module id '{draft.meta.id}' (already used by "
                f"{first_file[draft.meta.id]})",
            )
        else:
            first_file[draft.meta.id] = draft.file.name


def _check_tier_counts(
    settings: CourseSettings, drafts: list[_ModuleDraft], report: Report
) -> None:
    counts = Counter(d.meta.tier for d in drafts if d.meta and d.meta.tier)
    for setting in settings.tiers:
        if setting.modules is None or setting.modules <= counts[setting.tier]:
            continue
        have = counts[setting.tier]
        if have == 0:
            found = f"has no {setting.tier} modules"
        else:
            found = f"has only {have} {setting.tier} module{'s' * (have != 1)}"
        report.error(setting.modules_line, f"modules: {setting.modules} but the course {found}")


def _render_module(
    draft: _ModuleDraft,
    links: LinkResolver,
    glossary: tuple[GlossaryEntry, ...],
    language: str,
) -> _RenderedModule:
    split = draft.split
    if split is None:
        return _RenderedModule("", (), (), ())
    report = draft.report
    markdown_lines = list(split.body_lines)
    raw_quiz: list[RawQuestion] = []
    quiz_line: int | None = None
    prompts: list[tuple[str, int]] = []
    for fence in find_fences(split.body_lines):
        line = split.body_first_line + fence.start
        if fence.kind not in ("quiz", "reflect"):
            if not fence.closed:
                report.warning(line, "code block is never closed, so the rest of the file is code")
            continue
        markdown_lines[fence.start : fence.end + 1] = [""] * (
            min(fence.end + 1, len(markdown_lines)) - fence.start
        )
        if not fence.closed:
            report.error(line, f"{fence.kind} block is never closed; end it with a fence line")
        if fence.kind == "reflect":
            prompt = parse_reflection(fence.content, line, report)
            if prompt is not None:
                prompts.append((prompt, line + 1))
        elif quiz_line is not None:
            report.error(
                line,
                f"second quiz block; a module has at most one (the first is on line {quiz_line})",
            )
        else:
            quiz_line = line
            raw_quiz = parse_quiz(fence.content, line + 1, report)

    _drop_title_heading(markdown_lines, draft.meta.title if draft.meta else None)
    body_html = render_block("\n".join(markdown_lines), split.body_first_line, links)
    body_html, used_terms = mark_terms(body_html, glossary)
    body_html = add_scroll_boxes(body_html, language)
    reflections = tuple(
        Reflection(str(number), render_inline(prompt, line, links))
        for number, (prompt, line) in enumerate(prompts, start=1)
    )
    return _RenderedModule(body_html, _render_quiz(raw_quiz, links), reflections, used_terms)


def _drop_title_heading(lines: list[str], title: str | None) -> None:
    """Blank a leading ``# Title`` that repeats the module title.

    Authors start modules with it so the file reads well on its own; the app already
    shows the title as the page's one ``<h1>``. A different leading ``# …`` becomes
    ``## …`` so a page never has two top-level headings.
    """
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = re.match(r" {0,3}#(?!#)[ \t]+(.*?)[ \t#]*$", line)
        if match:
            same = title is not None and match.group(1).strip().casefold() == title.casefold()
            lines[index] = "" if same else "#" + line.lstrip()
        return


def _render_quiz(raw_quiz: list[RawQuestion], links: LinkResolver) -> tuple[QuizQuestion, ...]:
    questions = []
    for raw in raw_quiz:
        options = tuple(
            QuizOption(str(number), render_inline(option.text, option.line, links), option.correct)
            for number, option in enumerate(raw.options, start=1)
        )
        explanation = raw.explanation
        questions.append(
            QuizQuestion(
                key=str(raw.number),
                html=render_inline(raw.text, raw.line, links),
                options=options,
                explanation_html=(
                    render_inline(explanation, raw.explanation_line, links) if explanation else ""
                ),
                multiple=sum(option.correct for option in raw.options) >= 2,
            )
        )
    return tuple(questions)


def _build_course(
    settings: CourseSettings,
    drafts: list[_ModuleDraft],
    rendered: list[_RenderedModule],
    glossary: tuple[GlossaryEntry, ...],
    folder: str,
    course_dir: Path,
) -> CourseSpec:
    """Assemble the spec; only called when no file had an error, so no value is None."""
    modules = []
    for draft, body in zip(drafts, rendered, strict=True):
        meta = draft.meta
        assert meta is not None and meta.id and meta.title and meta.tier and meta.minutes
        modules.append(
            ModuleSpec(
                id=meta.id,
                title=meta.title,
                tier=meta.tier,
                minutes=meta.minutes,
                order=meta.order,
                objectives=meta.objectives,
                pass_percent=meta.pass_percent,
                body_html=body.body_html,
                quiz=body.quiz,
                reflections=body.reflections,
                glossary_terms=body.glossary_terms,
                source_path=f"{folder}/{draft.file.name}",
                content_hash=hashlib.sha256(draft.raw).hexdigest(),
            )
        )
    modules.sort(key=lambda m: (m.order is None, m.order or 0, m.source_path))
    stated = {setting.tier: setting for setting in settings.tiers}
    tiers = tuple(
        TierRule(tier, stated[tier].modules, stated[tier].meetings)
        if tier in stated
        else TierRule(tier)
        for tier in TIERS
    )
    assert settings.id and settings.title and settings.language and settings.summary
    return CourseSpec(
        id=settings.id,
        title=settings.title,
        language=settings.language,
        summary=settings.summary,
        audience=settings.audience,
        version=settings.version,
        tiers=tiers,
        modules=tuple(modules),
        glossary=glossary,
        folder=folder,
        content_hash=course_hash(course_dir),
        show_answers=settings.show_answers,
        shuffle_options=settings.shuffle_options,
    )


def course_hash(course_dir: Path) -> str:
    """sha256 over every file of the course (relative path and bytes), hidden files aside."""
    digest = hashlib.sha256()
    files = sorted(
        (path.relative_to(course_dir).as_posix(), path)
        for path in course_dir.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(course_dir).parts)
    )
    for relative, path in files:
        data = path.read_bytes()
        digest.update(f"{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()
