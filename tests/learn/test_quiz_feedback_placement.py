"""Quiz feedback in place, through HTTP: the anchor, the marks and the hint said once."""

from __future__ import annotations

from lms.content.sync import sync_courses
from lms.extensions import db
from tests.helpers import form_token, stored_module, write_course

QUIZ = """\
```quiz
? Hva gjør du når en bruker har falt? Velg alle som passer.
- [x] Ser etter om brukeren er skadet
- [x] Tilkaller hjelp
- [ ] Løfter alene
> Ikke løft alene.

? Hvem kan du fortelle det til?
- [x] Kolleger
- [x] Lederen
- [ ] Naboen
> Bare de som trenger det.

? Er hender rene etter sprit?
- [x] Ja
- [ ] Nei
> Ja.
```
"""


def _course(courses_dir):
    write_course(
        courses_dir,
        "fall",
        {
            "course.yml": "id: fall\ntitle: Fall\nlanguage: nb\nsummary: Kort.\n",
            "01-fall.md": "---\nid: fall\ntitle: Fall\ntier: bas\nminutes: 5\nobjectives:\n"
            "  - Du vet hva du gjør.\n---\n\nTekst.\n\n" + QUIZ,
        },
    )
    sync_courses(db.session, courses_dir)
    db.session.commit()
    return stored_module("fall", "fall")


def test_choose_all_hint_is_not_said_twice(app, courses_dir, learner_client):
    _course(courses_dir)
    page = learner_client.get("/courses/fall/fall").get_data(as_text=True)
    assert page.lower().count("velg alle som passer") == 2  # question 1 itself, hint on 2 only
    assert '<p class="hint">Velg alle som passer.</p>' in page


def test_unanswered_submit_marks_each_missing_question(app, courses_dir, learner_client):
    mod = _course(courses_dir)
    page = learner_client.get("/courses/fall/fall").get_data(as_text=True)
    assert 'action="/courses/fall/fall/quiz#quiz-feedback"' in page
    assert 'id="quiz-feedback"' not in page

    response = learner_client.post(
        "/courses/fall/fall/quiz",
        data={"token": form_token(page), "content_hash": mod.content_hash, "q2": ["1"]},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<div class="error-summary" id="quiz-feedback" tabindex="-1" role="alert">' in page
    assert '<a href="#question-1">Spørsmål 1</a>' in page
    assert '<a href="#question-3">Spørsmål 3</a>' in page
    assert 'href="#question-2"' not in page
    for key in ("1", "3"):
        assert (
            f'<fieldset class="question unanswered" id="question-{key}" '
            f'aria-describedby="question-{key}-missing">'
        ) in page
    assert '<fieldset class="question" id="question-2">' in page
    assert page.count("Du har ikke svart på dette spørsmålet.") == 2
