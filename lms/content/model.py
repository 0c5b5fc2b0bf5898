"""The validated shape of a course: frozen dataclasses handed to the sync and the views.

Nothing here imports Flask or touches the database; the parser builds these objects from
plain files and the rest of the app reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lms.content.tier_rules import TierRule

ERROR = "error"
WARNING = "warning"

#: When a quiz result shows which options are right (``show_answers`` in course.yml).
#: ``after_pass``: only once the learner has passed the module; a failed attempt says
#: which questions were wrong and shows the explanations. ``always``: on every attempt.
SHOW_ANSWERS: tuple[str, ...] = ("after_pass", "always")


@dataclass(frozen=True)
class Problem:
    """One mistake in a course file, reported as ``path:line: message``.

    ``path`` is relative to the courses root (posix), ``line`` is 1-based. ``kind`` names
    a writer's warning (``readability``, ``alt-text``, …) for tools; "" for format problems.
    """

    path: str
    line: int
    message: str
    severity: str = ERROR
    kind: str = ""

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

    def to_json(self) -> dict[str, Any]:
        """The question as stored in ``Module.quiz`` (plain JSON)."""
        return {
            "key": self.key,
            "html": self.html,
            "explanation_html": self.explanation_html,
            "multiple": self.multiple,
            "options": [{"key": o.key, "html": o.html, "correct": o.correct} for o in self.options],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> QuizQuestion:
        """The question back from its stored JSON (the inverse of :meth:`to_json`)."""
        return cls(
            key=data["key"],
            html=data["html"],
            options=tuple(QuizOption(o["key"], o["html"], o["correct"]) for o in data["options"]),
            explanation_html=data.get("explanation_html", ""),
            multiple=data["multiple"],
        )


def quiz_to_json(quiz: Iterable[QuizQuestion]) -> list[dict[str, Any]]:
    """A module's quiz as stored in the database."""
    return [question.to_json() for question in quiz]


def quiz_from_json(data: Iterable[Mapping[str, Any]]) -> tuple[QuizQuestion, ...]:
    """A stored quiz as typed questions: the one way back from the database's JSON."""
    return tuple(QuizQuestion.from_json(question) for question in data)


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
    """One course: its settings, tier rules (always three, in ``TIERS`` order) and modules.

    ``show_answers`` is one of :data:`SHOW_ANSWERS`; ``shuffle_options`` False keeps the
    author's option order in quizzes (for options such as "all of the above").
    """

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
    show_answers: str = "after_pass"
    shuffle_options: bool = True


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
