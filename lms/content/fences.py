"""Fenced code blocks by CommonMark rules, so quiz and reflect blocks are found exactly.

A fence is three or more backticks or tildes indented at most three spaces. It closes
with a line of the same character, at least as long, and nothing else. An unclosed fence
runs to the end of the text. Lines inside a fence are code, even if they look like fences
of another kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_OPENING = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class Fence:
    """One fenced block; ``start`` and ``end`` are indexes of its opening and closing lines.

    For an unclosed fence ``end`` is the number of lines (one past the last line).
    """

    start: int
    end: int
    closed: bool
    info: str
    content: tuple[str, ...]

    @property
    def kind(self) -> str:
        """The first word of the info string, lower-cased ("" when there is none)."""
        words = self.info.split()
        return words[0].lower() if words else ""


def find_fences(lines: Sequence[str]) -> list[Fence]:
    """Return every top-level fenced block in ``lines``, in order."""
    fences: list[Fence] = []
    index = 0
    while index < len(lines):
        match = _OPENING.match(lines[index])
        if match is None or (match.group(2)[0] == "`" and "`" in match.group(3)):
            index += 1
            continue
        indent, marker, info = len(match.group(1)), match.group(2), match.group(3).strip()
        closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        content = tuple(_unindent(line, indent) for line in lines[index + 1 : end])
        fences.append(Fence(index, end, end < len(lines), info, content))
        index = end + 1
    return fences


def _unindent(line: str, indent: int) -> str:
    """Remove up to ``indent`` leading spaces, as CommonMark does inside an indented fence."""
    removable = len(line) - len(line.lstrip(" "))
    return line[min(indent, removable) :]
