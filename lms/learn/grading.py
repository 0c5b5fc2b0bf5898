"""Quiz grading: pure functions over a module's stored quiz (no database, no request)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class ForgedAnswer(ValueError):
    """An answer names a question or option the quiz does not have."""


@dataclass(frozen=True)
class QuestionResult:
    key: str
    chosen: tuple[str, ...]
    right: bool


@dataclass(frozen=True)
class Grade:
    results: tuple[QuestionResult, ...]
    correct: int
    total: int
    score: int
    passed: bool

    def answers(self) -> dict[str, list[str]]:
        return {r.key: list(r.chosen) for r in self.results}


def unanswered(
    quiz: Sequence[Mapping[str, Any]], answers: Mapping[str, Sequence[str]]
) -> list[str]:
    """Keys of questions with no chosen option."""
    return [q["key"] for q in quiz if not answers.get(q["key"])]


def validate_answers(
    quiz: Sequence[Mapping[str, Any]], answers: Mapping[str, Sequence[str]]
) -> None:
    """Raise ForgedAnswer when an answer is not one the form could have sent."""
    questions = {q["key"]: q for q in quiz}
    for key, chosen in answers.items():
        question = questions.get(key)
        if question is None:
            raise ForgedAnswer(f"question {key!r} is not in this quiz")
        option_keys = {o["key"] for o in question["options"]}
        unknown = [c for c in chosen if c not in option_keys]
        if unknown:
            raise ForgedAnswer(f"option {unknown[0]!r} is not an option of question {key}")
        if len(set(chosen)) != len(chosen):
            raise ForgedAnswer(f"question {key} has an option chosen twice")
        if not question["multiple"] and len(chosen) > 1:
            raise ForgedAnswer(f"question {key} takes one answer")


def grade(
    quiz: Sequence[Mapping[str, Any]], answers: Mapping[str, Sequence[str]], pass_percent: int
) -> Grade:
    """Score a quiz: a question is right only when the chosen set equals the correct set."""
    validate_answers(quiz, answers)
    results = []
    for question in quiz:
        chosen = tuple(sorted(answers.get(question["key"], ()), key=_natural))
        correct = {o["key"] for o in question["options"] if o["correct"]}
        results.append(QuestionResult(question["key"], chosen, set(chosen) == correct))
    total = len(results)
    right = sum(r.right for r in results)
    score = round(100 * right / total) if total else 100
    # Compare on the exact fraction so 4 of 5 meets 80 % without rounding luck.
    passed = total == 0 or right * 100 >= pass_percent * total
    return Grade(tuple(results), right, total, score, passed)


def _natural(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)
