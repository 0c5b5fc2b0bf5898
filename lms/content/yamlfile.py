"""YAML with line numbers: compose the node tree so every key can be traced to its line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from lms.content.source import SourceError

_KINDS = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
}


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` pair of a YAML mapping, with the line of its key."""

    key: str
    line: int
    node: yaml.Node


class YamlFile:
    """A parsed YAML document whose nodes know the file line they came from.

    ``first_line`` is the file line of the document's first line (2 for module front
    matter, which starts after the opening ``---``).
    """

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.first_line = first_line
        self._text = text
        try:
            self._loader = yaml.SafeLoader(text)
        except yaml.reader.ReaderError as exc:
            raise self._reader_error(exc) from exc
        try:
            self.root: yaml.Node | None = self._loader.get_single_node()
            if self.root is not None:
                # Construct once up front so tag and value errors surface here, with a line.
                self._loader.construct_document(self.root)
        except yaml.MarkedYAMLError as exc:
            mark = self._error_mark(exc)
            raise SourceError(self._file_line(mark), self._describe(exc, mark)) from exc
        except yaml.reader.ReaderError as exc:
            raise self._reader_error(exc) from exc
        except yaml.YAMLError as exc:
            raise SourceError(first_line, f"invalid YAML: {exc}") from exc
        finally:
            self._loader.dispose()

    def _reader_error(self, exc: yaml.reader.ReaderError) -> SourceError:
        line = self._file_line_at(self._text.count("\n", 0, exc.position))
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return SourceError(line, f"invalid YAML: the character U+{code:04X} is not allowed")

    def _error_mark(self, exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
        """Where to point: the problem, unless YAML only noticed it at the end of the text,
        in which case the construct it was reading (an unclosed quote or bracket) is better."""
        problem, context = exc.problem_mark, exc.context_mark
        if problem is None:
            return context
        if context is not None and problem.index >= len(self._text.rstrip()):
            return context
        return problem

    def _file_line(self, mark: yaml.Mark | None) -> int:
        return self._file_line_at(mark.line if mark else 0)

    def _file_line_at(self, index: int) -> int:
        last = max(0, len(self._text.rstrip("\n").split("\n")) - 1)
        return self.first_line + min(index, last)  # never past the document's last line

    def _describe(self, exc: yaml.MarkedYAMLError, shown: yaml.Mark | None) -> str:
        context = exc.context or ""
        start = exc.context_mark
        if context and start and shown is exc.problem_mark and shown and start.line != shown.line:
            context += f" (from line {self._file_line(start)})"
        parts = [part for part in (context, exc.problem) if part]
        return "invalid YAML: " + ", ".join(parts) if parts else "invalid YAML"

    def line(self, node: yaml.Node) -> int:
        """The 1-based file line where ``node`` starts."""
        return self.first_line + node.start_mark.line

    def value(self, node: yaml.Node) -> Any:
        """The Python value of ``node`` (safe types only)."""
        return self._loader.construct_object(node, deep=True)

    def entries(self, node: yaml.MappingNode) -> list[Entry]:
        """The mapping's pairs in file order; keys are turned into strings."""
        result = []
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            result.append(Entry(str(key), self.line(key_node), value_node))
        return result


def kind(node: yaml.Node) -> str:
    """Say in words what a node holds ("text", "a number", "a list" ...) for messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _KINDS.get(node.tag, "a value")


def is_text(node: yaml.Node) -> bool:
    """True for a scalar that YAML reads as a string."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def is_int(node: yaml.Node) -> bool:
    """True for a scalar that YAML reads as an integer (not a boolean)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:int"


def is_bool(node: yaml.Node) -> bool:
    """True for a scalar that YAML reads as true or false."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool"


def is_null(node: yaml.Node) -> bool:
    """True for an empty value (``key:`` with nothing after it, or ``null``)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"
