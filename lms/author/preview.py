"""A course folder as learners would see it, read straight from the files.

Works for a course that fails validation too: every module that can be read is rendered,
and each file's problems travel with it so the page can show them beside the text.
Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lms.content import load as parse
from lms.content.links import LinkResolver
from lms.content.model import GlossaryEntry, Problem, QuizQuestion, quiz_to_json
from lms.content.report import Report
from lms.content.validate import check_course_settings, check_glossary
from lms.content.writing import WritingSettings, check_course_writing


@dataclass
class PreviewModule:
    """What ``learn/module.html`` reads from a module, plus its file's problems."""

    name: str  # the module id, or the file name without .md when the id is broken
    file_name: str
    slug: str
    title: str
    tier: str
    minutes: int
    objectives: tuple[str, ...]
    pass_percent: int
    body_html: str
    quiz: list[dict[str, Any]]  # as the database stores it
    questions: tuple[QuizQuestion, ...]
    reflections: tuple[Any, ...]
    glossary_terms: tuple[GlossaryEntry, ...]
    content_hash: str
    position: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


@dataclass
class PreviewCourse:
    """A course folder: what ``course.yml`` says, its modules and every problem."""

    folder: str
    slug: str
    title: str
    language: str
    summary: str
    version: str | None
    show_answers: str
    shuffle_options: bool
    problems: list[Problem]
    modules: list[PreviewModule]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def problems_of(self, file_name: str) -> list[Problem]:
        """Problems of one file of the course (``course.yml``, a module, the glossary)."""
        return [p for p in self.problems if p.path == f"{self.folder}/{file_name}"]

    def module(self, name: str) -> PreviewModule | None:
        return next((m for m in self.modules if name in (m.name, m.slug)), None)


def course_folders(root: Path) -> list[str]:
    """The course folders under ``root`` (those holding ``course.yml``), by name."""
    if not root.is_dir():
        return []
    return [
        child.name
        for child in sorted(root.iterdir(), key=lambda p: p.name)
        if child.is_dir()
        and not child.name.startswith((".", "_"))
        and (child / parse.COURSE_FILE).is_file()
    ]


def load_preview(root: Path, folder: str, settings: WritingSettings | None = None):
    """The course in ``root/folder`` for preview, or None when there is no such course."""
    if folder not in course_folders(root):
        return None
    course_dir = root / folder
    # The loader's own steps, once, keeping what they render (load_course drops it).
    course_report = Report(f"{folder}/{parse.COURSE_FILE}")
    settings_doc = parse._read_yaml(course_dir / parse.COURSE_FILE, course_report)
    course = check_course_settings(settings_doc, course_report) if settings_doc else None
    glossary: tuple[GlossaryEntry, ...] = ()
    glossary_report = Report(f"{folder}/{parse.GLOSSARY_FILE}")
    if (course_dir / parse.GLOSSARY_FILE).is_file():
        doc = parse._read_yaml(course_dir / parse.GLOSSARY_FILE, glossary_report)
        glossary = check_glossary(doc, glossary_report) if doc else ()

    drafts = [parse._read_module(p, f"{folder}/{p.name}") for p in parse.module_files(course_dir)]
    parse._reject_duplicate_module_ids(drafts)
    ids = {d.file.resolve(): d.meta.id if d.meta else None for d in drafts}
    bodies = [
        parse._render_module(
            d,
            LinkResolver(course_dir, d.file, ids, d.report),
            glossary,
            (course and course.language) or "en",
        )
        for d in drafts
    ]
    if course is not None:
        parse._check_tier_counts(course, drafts, course_report)
    reports = [course_report, glossary_report, *(d.report for d in drafts)]
    problems = [p for r in reports for p in r.problems]
    problems += check_course_writing(course_dir, root, settings).problems
    problems.sort(key=lambda p: (p.path, p.line))
    modules = [_module(d, body, problems, folder) for d, body in zip(drafts, bodies, strict=True)]
    modules.sort(key=lambda m: (m.position is None, m.position or 0, m.file_name))
    for number, module in enumerate(modules, start=1):
        module.position = number
    return PreviewCourse(
        folder=folder,
        slug=(course and course.id) or folder,
        title=(course and course.title) or folder,
        language=(course and course.language) or "nb",
        summary=(course and course.summary) or "",
        version=course.version if course else None,
        show_answers=course.show_answers if course else "after_pass",
        shuffle_options=course.shuffle_options if course else True,
        problems=problems,
        modules=modules,
    )


def _module(draft, body, problems: list[Problem], folder: str) -> PreviewModule:
    meta = draft.meta
    stem = draft.file.stem
    path = f"{folder}/{draft.file.name}"
    return PreviewModule(
        name=(meta and meta.id) or stem,
        file_name=draft.file.name,
        slug=(meta and meta.id) or stem,
        title=(meta and meta.title) or stem,
        tier=(meta and meta.tier) or "bas",
        minutes=(meta and meta.minutes) or 0,
        objectives=meta.objectives if meta else (),
        pass_percent=meta.pass_percent if meta else 80,
        body_html=body.body_html,
        quiz=quiz_to_json(body.quiz),
        questions=body.quiz,
        reflections=body.reflections,
        glossary_terms=body.glossary_terms,
        content_hash=hashlib.sha256(draft.raw).hexdigest(),
        position=meta.order if meta and meta.order is not None else None,
        problems=[p for p in problems if p.path == path],
    )
