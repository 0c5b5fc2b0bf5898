"""Reading ``quiz`` and ``reflect`` blocks into plain structures, with a line for each part.

The text is still Markdown here; ``parse`` renders it once links can be resolved.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from lms.content.report import Report

_QUESTION = re.compile(r"^ {0,3}\?(?:[ \t]+(.*)|[ \t]*)$")
_OPTION = re.compile(r"^ {0,3}[-*+][ \t]+\[([ xX])\](?:[ \t]+(.*))?$")
_LIST_ITEM = re.compile(r"^ {0,3}[-*+](?:[ \t]|$)")
_EXPLANATION = re.compile(r"^ {0,3}>[ ]?(.*)$")
_CONTINUATION = re.compile(r"^(?: {2,}|\t)\S")


@dataclass
class RawOption:
    """An option as written: Markdown text, whether it is marked ``[x]``, and its line."""

    text: str
    correct: bool
    line: int


@dataclass
class RawQuestion:
    """A question as written; ``text`` and ``explanation`` are Markdown."""

    number: int
    line: int
    text_lines: list[str] = field(default_factory=list)
    options: list[RawOption] = field(default_factory=list)
    explanation_lines: list[str] = field(default_factory=list)
    explanation_line: int = 0

    @property
    def text(self) -> str:
        """The question's Markdown text (may span lines)."""
        return "\n".join(self.text_lines).strip()

    @property
    def explanation(self) -> str:
        """The explanation's Markdown text ("" when there is none)."""
        return "\n".join(self.explanation_lines).strip()


def parse_quiz(lines: Sequence[str], first_line: int, report: Report) -> list[RawQuestion]:
    """Read the lines inside a ``quiz`` fence; ``first_line`` is the file line of ``lines[0]``.

    Every line that fits nothing, and every question without text, without two options or
    without a correct option, is reported. All questions are returned, even broken ones.
    """
    reader = _QuizReader(report)
    for offset, line in enumerate(lines):
        reader.feed(line.expandtabs(4), first_line + offset)
    questions = reader.finish()
    if not questions:
        report.error(first_line - 1, "quiz block has no questions (start each with '? ')")
    for question in questions:
        _check_question(question, report)
    return questions


def parse_reflection(lines: Sequence[str], fence_line: int, report: Report) -> str | None:
    """Return the Markdown prompt of a ``reflect`` fence, or None (reported) when empty."""
    prompt = textwrap.dedent("\n".join(lines)).strip()
    if not prompt:
        report.error(fence_line, "reflect block is empty; write a prompt inside it")
        return None
    return prompt


def _check_question(question: RawQuestion, report: Report) -> None:
    label = f"quiz question {question.number}"
    if not question.text:
        report.error(question.line, f"{label} has no text after '?'")
    if len(question.options) < 2:
        count = len(question.options)
        report.error(
            question.line, f"{label} has {count} option{'s' * (count != 1)}; it needs at least two"
        )
    if question.options and not any(option.correct for option in question.options):
        report.error(question.line, f"{label} has no correct option; mark one with '- [x]'")


class _QuizReader:
    """A small state machine: question text, then options, then explanation lines."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.questions: list[RawQuestion] = []
        self.current: RawQuestion | None = None
        self.closed_by_blank: RawQuestion | None = None
        self.phase = "text"

    def finish(self) -> list[RawQuestion]:
        return self.questions

    def feed(self, line: str, number: int) -> None:
        if not line.strip():
            if self.current is not None and self.current.options:
                self.closed_by_blank, self.current = self.current, None
            return
        question = _QUESTION.match(line)
        if question:
            self.current = RawQuestion(len(self.questions) + 1, number, [question.group(1) or ""])
            self.questions.append(self.current)
            self.closed_by_blank, self.phase = None, "text"
            return
        if self.current is None:
            self._reopen_or_report(line, number)
            return
        self._feed_question_line(self.current, line, number)

    def _reopen_or_report(self, line: str, number: int) -> None:
        previous = self.closed_by_blank
        if previous is not None and (_OPTION.match(line) or _EXPLANATION.match(line)):
            self.report.error(
                number,
                f"blank line inside quiz question {previous.number}; "
                "blank lines separate questions",
            )
            self.current, self.closed_by_blank = previous, None
            self._feed_question_line(previous, line, number)
            return
        self.report.error(number, "expected a quiz question starting with '? '")

    def _feed_question_line(self, question: RawQuestion, line: str, number: int) -> None:
        label = f"quiz question {question.number}"
        option = _OPTION.match(line)
        if option:
            if self.phase == "explanation":
                self.report.error(
                    number, f"{label}: option after the explanation; put '> ' lines last"
                )
                return
            text = (option.group(2) or "").strip()
            if not text:
                self.report.error(number, f"{label}: option has no text")
            question.options.append(RawOption(text, option.group(1) in "xX", number))
            self.phase = "options"
            return
        if _LIST_ITEM.match(line):
            self.report.error(number, f"{label}: write each option as '- [ ] text' or '- [x] text'")
            return
        explanation = _EXPLANATION.match(line)
        if explanation:
            if self.phase == "text":
                self.report.error(
                    number, f"{label}: the '> ' explanation must come after the options"
                )
                return
            if not question.explanation_lines:
                question.explanation_line = number
            question.explanation_lines.append(explanation.group(1))
            self.phase = "explanation"
            return
        if self.phase == "text":
            question.text_lines.append(line.strip())
        elif self.phase == "options" and _CONTINUATION.match(line):
            question.options[-1].text = f"{question.options[-1].text}\n{line.strip()}".strip()
        else:
            self.report.error(
                number,
                f"{label}: this line does not fit the quiz format; expected an option "
                "('- [ ] text'), an explanation ('> text') or a blank line",
            )
