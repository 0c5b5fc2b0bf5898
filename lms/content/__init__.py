"""Course content: Markdown and YAML files in, validated frozen dataclasses out (no Flask)."""

from lms.content.load import check, load_course, load_courses
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
