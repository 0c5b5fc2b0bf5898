"""Course content: Markdown and YAML files in, validated frozen dataclasses out (no Flask)."""

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
from lms.content.parse import check, load_course, load_courses

__all__ = [
    "CourseResult",
    "CourseSpec",
    "GlossaryEntry",
    "ModuleSpec",
    "Problem",
    "QuizOption",
    "QuizQuestion",
    "Reflection",
    "check",
    "load_course",
    "load_courses",
]
