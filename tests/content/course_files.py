"""Writing small course folders for the content tests."""

from __future__ import annotations

from pathlib import Path

from lms.content import CourseResult, load_course

COURSE = "demo"

COURSE_YML = """\
id: demo
title: Demo
language: nb
summary: A course for the tests.
"""

QUIZ = """\
```quiz
? Who may you tell?
- [ ] Your family
- [x] Colleagues who need to know
> Confidentiality applies at home too.
```
"""


def module_source(
    id: str = "intro",
    *,
    title: str = "Intro",
    tier: str = "bas",
    minutes: str = "10",
    extra: str = "",
    body: str = "# Intro\n\nHello.\n",
) -> str:
    """A module file; front matter lines 1-8 are fixed so tests can name lines exactly.

    1 ``---``, 2 id, 3 title, 4 tier, 5 minutes, 6 objectives, 7 objective, then ``extra``
    lines, then the closing ``---`` and ``body``.
    """
    return (
        f"---\nid: {id}\ntitle: {title}\ntier: {tier}\nminutes: {minutes}\n"
        f"objectives:\n  - Know the basics.\n{extra}---\n{body}"
    )


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative name -> text or bytes) under ``folder``, byte for byte."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def write_course(root: Path, files: dict[str, str | bytes], folder: str = COURSE) -> Path:
    """Write a course folder; ``course.yml`` and one module are added unless given."""
    defaults: dict[str, str | bytes] = {"course.yml": COURSE_YML}
    if not any(name.endswith(".md") for name in files):
        defaults["01-intro.md"] = module_source()
    return write_files(root / folder, {**defaults, **files})


def load(root: Path, files: dict[str, str | bytes]) -> CourseResult:
    """Write a course under ``root`` and load it."""
    return load_course(write_course(root, files), root)


def messages(result: CourseResult) -> list[str]:
    """The problems of a result as ``path:line: message`` strings."""
    return [str(problem) for problem in result.problems]
