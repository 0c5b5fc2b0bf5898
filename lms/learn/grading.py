"""Quiz grading: pure functions over a module's typed quiz (no database, no request).

One rule decides what counts as right (:func:`is_right`); the score and the feedback a
learner sees both come from it, and templates only show what they are handed.
Options are matched by their key (the value the form sends), never by position, so
their shown order can be shuffled per attempt (:func:`option_order`).
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from lms.content.model import QuizOption, QuizQuestion


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


@dataclass(frozen=True)
class OptionFeedback:
    """One option as a result page shows it.

    ``correct`` is None when the answer key is not shown (a failed attempt before the
    learner has passed the module); else whether the option is one of the right ones.
    """

    key: str
    html: str
    chosen: bool
    correct: bool | None


@dataclass(frozen=True)
class QuestionFeedback:
    """One graded question as a result page shows it, options in the attempt's order."""

    number: int
    key: str
    html: str
    right: bool
    options: tuple[OptionFeedback, ...]
    explanation_html: str


def is_right(question: QuizQuestion, chosen: Collection[str]) -> bool:
    """The one rule for a right answer: the chosen options are exactly the correct ones."""
    return set(chosen) == {o.key for o in question.options if o.correct}


def unanswered(quiz: Sequence[QuizQuestion], answers: Mapping[str, Sequence[str]]) -> list[str]:
    """Keys of questions with no chosen option."""
    return [q.key for q in quiz if not answers.get(q.key)]


def validate_answers(quiz: Sequence[QuizQuestion], answers: Mapping[str, Sequence[str]]) -> None:
    """Raise ForgedAnswer when an answer is not one the form could have sent."""
    questions = {q.key: q for q in quiz}
    for key, chosen in answers.items():
        question = questions.get(key)
        if question is None:
            raise ForgedAnswer(f"question {key!r} is not in this quiz")
        option_keys = {o.key for o in question.options}
        unknown = [c for c in chosen if c not in option_keys]
        if unknown:
            raise ForgedAnswer(f"option {unknown[0]!r} is not an option of question {key}")
        if len(set(chosen)) != len(chosen):
            raise ForgedAnswer(f"question {key} has an option chosen twice")
        if not question.multiple and len(chosen) > 1:
            raise ForgedAnswer(f"question {key} takes one answer")


def grade(
    quiz: Sequence[QuizQuestion], answers: Mapping[str, Sequence[str]], pass_percent: int
) -> Grade:
    """Score a quiz: each question by :func:`is_right`, passed at ``pass_percent``."""
    validate_answers(quiz, answers)
    results = []
    for question in quiz:
        chosen = tuple(sorted(answers.get(question.key, ()), key=_natural))
        results.append(QuestionResult(question.key, chosen, is_right(question, chosen)))
    total = len(results)
    right = sum(r.right for r in results)
    score = round(100 * right / total) if total else 100
    # Compare on the exact fraction so 4 of 5 meets 80 % without rounding luck.
    passed = total == 0 or right * 100 >= pass_percent * total
    return Grade(tuple(results), right, total, score, passed)


def shows_key(show_answers: str, *, attempt_passed: bool, module_passed: bool) -> bool:
    """Whether a result may show which options are right.

    With ``after_pass`` (the default) only once the learner has passed: otherwise a
    failed attempt would hand over the key and anyone would pass on the second try.
    """
    return show_answers == "always" or attempt_passed or module_passed


def option_order(question: QuizQuestion, seed: str | None) -> tuple[QuizOption, ...]:
    """The question's options in the order one attempt shows them.

    The same ``seed`` (the attempt's form token) always gives the same order, so the
    form and its result agree; ``None`` keeps the author's order.
    """
    options = list(question.options)
    if seed is not None:
        random.Random(f"{seed}:{question.key}").shuffle(options)
    return tuple(options)


def feedback(
    quiz: Sequence[QuizQuestion],
    answers: Mapping[str, Sequence[str]],
    *,
    show_key: bool,
    seed: str | None,
) -> tuple[QuestionFeedback, ...]:
    """Every question graded by :func:`is_right`, ready for the result page.

    The explanation is always included; which options are right only when ``show_key``.
    """
    out = []
    for number, question in enumerate(quiz, start=1):
        chosen = set(answers.get(question.key, ()))
        options = tuple(
            OptionFeedback(o.key, o.html, o.key in chosen, o.correct if show_key else None)
            for o in option_order(question, seed)
        )
        out.append(
            QuestionFeedback(
                number=number,
                key=question.key,
                html=question.html,
                right=is_right(question, chosen),
                options=options,
                explanation_html=question.explanation_html,
            )
        )
    return tuple(out)


def _natural(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)
