"""The validated shape of a course: frozen dataclasses handed to the sync and the views.

Nothing here imports Flask or touches the database; the parser builds these objects from
plain files and the rest of the app reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lms.content.tier_rules import TierRule

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One mistake in a course file, reported as ``path:line: message``.

    ``path`` is relative to the courses root (posix), ``line`` is 1-based.
    """

    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        if self.severity == WARNING:
            return f"{self.path}:{self.line}: warning: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True for problems that keep a course from loading."""
        return self.severity == ERROR


@dataclass(frozen=True)
class QuizOption:
    """One answer of a quiz question; ``key`` is its position ("1", "2", ...)."""

    key: str
    html: str
    correct: bool


@dataclass(frozen=True)
class QuizQuestion:
    """One quiz question; ``multiple`` is True when two or more options are correct."""

    key: str
    html: str
    options: tuple[QuizOption, ...]
    explanation_html: str
    multiple: bool


@dataclass(frozen=True)
class Reflection:
    """One reflection prompt; ``key`` is its position among the module's prompts."""

    key: str
    prompt_html: str


@dataclass(frozen=True)
class GlossaryEntry:
    """A word learners may not know, the other forms it takes and what it means."""

    term: str
    forms: tuple[str, ...]
    explanation: str
    slug: str
    # (language code, the term in that language), e.g. (("en", "deviation"), ("pl", "...")).
    translations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ModuleSpec:
    """One module as the app shows it: metadata, safe HTML, quiz and reflections."""

    id: str
    title: str
    tier: str
    minutes: int
    order: int | None
    objectives: tuple[str, ...]
    pass_percent: int
    body_html: str
    quiz: tuple[QuizQuestion, ...]
    reflections: tuple[Reflection, ...]
    glossary_terms: tuple[GlossaryEntry, ...]
    source_path: str
    content_hash: str


@dataclass(frozen=True)
class CourseSpec:
    """One course: its settings, tier rules (always three, in ``TIERS`` order) and modules."""

    id: str
    title: str
    language: str
    summary: str
    audience: str | None
    version: str | None
    tiers: tuple[TierRule, ...]
    modules: tuple[ModuleSpec, ...]
    glossary: tuple[GlossaryEntry, ...]
    folder: str
    content_hash: str


@dataclass(frozen=True)
class CourseResult:
    """What loading one course folder gave: the course if it is valid, and all problems."""

    folder: str
    spec: CourseSpec | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when the course loaded and no problem is an error (warnings are fine)."""
        return self.spec is not None and not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The error-severity problems only."""
        return tuple(p for p in self.problems if p.is_error)
