"""The courses committed in the repository load without errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content import check

COURSES = Path(__file__).resolve().parents[2] / "courses"


def test_repository_courses_have_no_errors() -> None:
    if not COURSES.is_dir() or not any(COURSES.glob("*/course.yml")):
        pytest.skip("courses/ holds no course yet")
    problems = check(COURSES)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert errors == [], "\n".join(str(p) for p in problems)
