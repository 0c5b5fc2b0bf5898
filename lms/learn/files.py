"""Images and other assets served from a course folder (never outside it)."""

from __future__ import annotations

from pathlib import Path

# Course sources are not assets: they may hold quiz answers.
BLOCKED_SUFFIXES = {".md", ".yml", ".yaml"}


def asset_path(courses_dir: Path, folder: str, relative: str) -> Path | None:
    """The file ``relative`` inside the course folder, or None if it leaves it or is missing."""
    base = (courses_dir / folder).resolve()
    if not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative:
        return None
    target = (base / relative).resolve()
    if not target.is_relative_to(base) or target == base or not target.is_file():
        return None
    if any(part.startswith(".") for part in target.relative_to(base).parts):
        return None
    if target.suffix.lower() in BLOCKED_SUFFIXES:
        return None
    return target
