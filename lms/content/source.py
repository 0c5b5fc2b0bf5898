"""Reading course files: bytes to text (UTF-8, optional BOM, any newline) and front matter."""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(ValueError):
    """A file that cannot be read as text; ``line`` is where the trouble starts."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def decode(raw: bytes) -> str:
    """Return the file's text with a UTF-8 BOM removed and every newline turned into ``\\n``.

    Raises ``SourceError`` with the line of the first byte that is not UTF-8.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceError(line, "the file is not valid UTF-8 text") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class FrontMatterSplit:
    """A module file cut in two: the YAML between the ``---`` lines and the Markdown after.

    ``yaml_first_line`` and ``body_first_line`` are the 1-based file lines where each part
    starts, so errors inside either part can point at the right line of the file.
    """

    yaml_text: str
    yaml_first_line: int
    body_lines: tuple[str, ...]
    body_first_line: int


def split_front_matter(text: str) -> FrontMatterSplit:
    """Cut a module's text at its front matter, which must open on line 1 with ``---``.

    Raises ``SourceError`` when the front matter is missing or never closed.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise SourceError(1, "front matter must open on line 1 with '---'")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return FrontMatterSplit(
                yaml_text="\n".join(lines[1:index]),
                yaml_first_line=2,
                body_lines=tuple(lines[index + 1 :]),
                body_first_line=index + 2,
            )
    raise SourceError(1, "front matter opened with '---' on line 1 is never closed with '---'")
