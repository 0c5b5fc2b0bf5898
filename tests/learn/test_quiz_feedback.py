"""Quiz results: graded once in Python, the key kept back until a pass, options shuffled."""

from __future__ import annotations

import re

import pytest

from lms.content.sync import sync_courses
from lms.extensions import db
from lms.learn import grading
from tests.helpers import (
    form_token,
    right_answers,
    stored_module,
    submit_quiz,
    write_course,
    wrong_answers,
)

# Six options: a shuffled order repeats by chance once in 720 renders.
QUIZ = """
```quiz
? Hva gjør du først?
- [ ] Alfa
- [ ] Beta
- [x] Gamma
- [ ] Delta
- [ ] Epsilon
- [ ] Zeta
> Forklaring en.

? Velg alle riktige.
- [x] En
- [x] To
- [ ] Tre
> Forklaring to.
```
"""

CORRECT_MARK = 'class="verdict right">—'


def _course(courses_dir, **settings: str) -> None:
    extra = "".join(f"{key}: {value}\n" for key, value in settings.items())
    write_course(
        courses_dir,
        "quiz",
        {
            "course.yml": f"id: quiz\ntitle: Quizkurs\nlanguage: nb\nsummary: Test.\n{extra}",
            "01-a.md": "---\nid: a\ntitle: Modul A\ntier: bas\nminutes: 5\n"
            "objectives:\n  - Du lærer A.\n---\n\nTekst.\n" + QUIZ,
        },
    )
    report = sync_courses(db.session, courses_dir)
    db.session.commit()
    assert report.ok, [str(p) for r in report.invalid for p in r.problems]


@pytest.fixture
def quiz_course(courses_dir):
    _course(courses_dir)
    return stored_module("quiz", "a")


def _result(client, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _option_order(html: str, question: str = "1") -> list[str]:
    """The option values of one question, in the order the page shows them."""
    return re.findall(rf'name="q{question}" value="([^"]+)"', html)


def _result_order(html: str) -> list[str]:
    card = html.split('class="card feedback-')[1]
    return re.findall(r"<li[^>]*>(\w+)", card)


def test_a_failed_attempt_says_what_was_wrong_and_explains_but_keeps_the_key(
    quiz_course, learner_client
):
    answers = right_answers(quiz_course)
    answers["q1"] = ["1"]  # Alfa: wrong; question 2 right
    html = _result(learner_client, submit_quiz(learner_client, quiz_course, answers))

    assert 'class="result failed"' in html
    assert html.count('class="verdict wrong">Ikke riktig') == 1
    assert html.count('class="verdict right">Riktig') == 1
    assert "Forklaring en." in html and "Forklaring to." in html
    assert "svaret ditt" in html  # the learner's own choices stay marked
    assert CORRECT_MARK not in html  # but not which option is right
    assert "De riktige svarene vises når du har bestått modulen." in html


def test_the_key_is_shown_once_passed_also_on_a_later_failed_attempt(quiz_course, learner_client):
    passed = _result(
        learner_client, submit_quiz(learner_client, quiz_course, right_answers(quiz_course))
    )
    assert 'class="result passed"' in passed
    assert passed.count(CORRECT_MARK) == 3  # Gamma, En, To

    retry = _result(
        learner_client, submit_quiz(learner_client, quiz_course, wrong_answers(quiz_course))
    )
    assert 'class="result failed"' in retry
    assert retry.count(CORRECT_MARK) == 3


def test_a_course_can_show_the_key_on_every_attempt(courses_dir, learner_client):
    _course(courses_dir, show_answers="always")
    mod = stored_module("quiz", "a")
    html = _result(learner_client, submit_quiz(learner_client, mod, wrong_answers(mod)))
    assert 'class="result failed"' in html
    assert html.count(CORRECT_MARK) == 3


def test_options_are_shuffled_per_attempt(quiz_course, learner_client):
    url = "/courses/quiz/a"
    first = _option_order(learner_client.get(url).get_data(as_text=True))
    assert sorted(first) == ["1", "2", "3", "4", "5", "6"]
    orders = {
        tuple(_option_order(learner_client.get(url).get_data(as_text=True))) for _ in range(8)
    }
    assert len(orders | {tuple(first)}) > 1


def test_the_order_is_stable_within_one_attempt(quiz_course, learner_client):
    url = "/courses/quiz/a"
    page = learner_client.get(url).get_data(as_text=True)
    token, order = form_token(page), _option_order(page)

    # An incomplete answer shows the same form again, in the same order.
    again = submit_quiz(learner_client, quiz_course, {"q1": ["3"]}, token=token)
    assert again.status_code == 200
    assert _option_order(again.get_data(as_text=True)) == order
    assert form_token(again.get_data(as_text=True)) == token

    # The result lists the options as the form did; grading went by value, not place.
    result = _result(
        learner_client,
        submit_quiz(learner_client, quiz_course, right_answers(quiz_course), token=token),
    )
    assert 'class="result passed"' in result
    names = dict(zip("123456", ["Alfa", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"], strict=True))
    assert _result_order(result) == [names[key] for key in order]


def test_a_course_can_keep_the_authors_order(courses_dir, learner_client):
    _course(courses_dir, shuffle_options="false")
    for _ in range(3):
        page = learner_client.get("/courses/quiz/a").get_data(as_text=True)
        assert _option_order(page) == ["1", "2", "3", "4", "5", "6"]


def test_score_and_feedback_both_follow_the_one_grading_rule(
    quiz_course, learner_client, monkeypatch
):
    # Change what counts as right in one place: now every option but the correct ones is.
    def inverted(question, chosen):
        return set(chosen) == {o.key for o in question.options if not o.correct}

    monkeypatch.setattr(grading, "is_right", inverted)
    answers = {
        f"q{q['key']}": [o["key"] for o in q["options"] if not o["correct"]]
        for q in quiz_course.quiz
        if q["multiple"]
    }
    answers["q1"] = ["1"]  # single choice: wrong under both rules
    html = _result(learner_client, submit_quiz(learner_client, quiz_course, answers))
    assert "Du fikk 1 av 2 riktige (50 %)." in html
    assert html.count('class="verdict right">Riktig') == 1
    second = html.split('class="card feedback-')[2]
    assert second.startswith("right") and "Velg alle riktige." in second

    # The learner's right answers by the authors' key now score nothing.
    html = _result(
        learner_client, submit_quiz(learner_client, quiz_course, right_answers(quiz_course))
    )
    assert "Du fikk 0 av 2 riktige (0 %)." in html
    assert html.count('class="verdict wrong">Ikke riktig') == 2


def test_grade_and_feedback_agree_without_the_app(quiz_course):
    questions = quiz_course.questions
    answers = {"1": ["3"], "2": ["1"]}
    result = grading.grade(questions, answers, 80)
    shown = grading.feedback(questions, answers, show_key=False, seed="abc")
    assert [r.right for r in result.results] == [q.right for q in shown] == [True, False]
    assert all(o.correct is None for q in shown for o in q.options)
    assert grading.option_order(questions[0], "abc") == grading.option_order(questions[0], "abc")
    assert grading.option_order(questions[0], None) == questions[0].options
