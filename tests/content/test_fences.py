"""Fenced blocks follow CommonMark: fence characters, lengths, indentation, info strings."""

from __future__ import annotations

from lms.content.fences import find_fences


def _fences(text: str) -> list[tuple[int, int, bool, str]]:
    return [(f.start, f.end, f.closed, f.kind) for f in find_fences(text.split("\n"))]


def test_closing_fence_needs_same_character_and_at_least_the_length() -> None:
    text = "````Quiz extra\n```\n~~~~\n`````\nafter"
    assert _fences(text) == [(0, 3, True, "quiz")]


def test_tilde_fence_closed_by_longer_tildes() -> None:
    assert _fences("~~~reflect\nprompt\n~~~~~~\n") == [(0, 2, True, "reflect")]


def test_backtick_info_string_with_backtick_is_not_a_fence() -> None:
    assert _fences("``` a`b\ncode\n```\n") == [(2, 4, False, "")]


def test_indentation_up_to_three_spaces_is_a_fence_and_is_removed_from_content() -> None:
    (fence,) = find_fences(["   ```quiz", "     ? deep", "   ? q", "  ```"])
    assert fence.kind == "quiz"
    assert fence.content == ("  ? deep", "? q")


def test_four_spaces_is_indented_code_not_a_fence() -> None:
    assert _fences("    ```quiz\n    ? q\n    ```\n") == []


def test_unclosed_fence_runs_to_the_end() -> None:
    (fence,) = find_fences(["```python", "x = 1", ""])
    assert (fence.end, fence.closed, fence.content) == (3, False, ("x = 1", ""))
