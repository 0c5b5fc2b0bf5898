"""Collecting problems for one file while it is checked."""

from __future__ import annotations

from lms.content.model import ERROR, WARNING, Problem


class Report:
    """Gathers the problems found in one file; ``path`` is relative to the courses root."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        """Record a mistake that keeps the course from loading."""
        self.problems.append(Problem(self.path, line, message, ERROR))

    def warning(self, line: int, message: str, kind: str = "") -> None:
        """Record something the author should fix that does not block the course."""
        self.problems.append(Problem(self.path, line, message, WARNING, kind))

    @property
    def has_errors(self) -> bool:
        """True when at least one error was recorded."""
        return any(p.is_error for p in self.problems)
