"""Times in plain words: hours and minutes over an hour; what is left of module and course."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from lms.i18n import duration
from tests.helpers import pass_module, stored_module

COURSE = "dette-ma-jeg-kunne"


@pytest.mark.parametrize(
    ("minutes", "nb", "sv", "en"),
    [
        (1, "1 minutt", "1 minut", "1 minute"),
        (45, "45 minutter", "45 minuter", "45 minutes"),
        (60, "1 time", "1 timme", "1 hour"),
        (61, "1 time og 1 minutt", "1 timme och 1 minut", "1 hour and 1 minute"),
        (135, "2 timer og 15 minutter", "2 timmar och 15 minuter", "2 hours and 15 minutes"),
    ],
)
def test_duration_in_plain_words(app, minutes, nb, sv, en):
    with app.test_request_context():
        for locale, expected in (("nb", nb), ("sv", sv), ("en", en)):
            with force_locale(locale):
                assert duration(minutes) == expected


def test_module_page_says_what_is_left_of_module_and_course(real_courses, learner_client):
    first = stored_module(COURSE, "rollen-din")
    course = first.course
    total = sum(m.minutes for m in course.modules if m.archived_at is None)
    assert total > 60  # the course takes more than an hour, so hours show

    with learner_client.application.test_request_context(), force_locale("nb"):
        module_time, course_time = duration(first.minutes), duration(total)
        after_pass = duration(total - first.minutes)
    page = learner_client.get(f"/courses/{COURSE}/{first.slug}").get_data(as_text=True)
    assert f"Denne modulen tar omtrent {module_time}." in page
    assert f"Omtrent {course_time} igjen av kurset." in page
    assert " time" in course_time

    pass_module(learner_client, first)
    page = learner_client.get(f"/courses/{COURSE}/{first.slug}").get_data(as_text=True)
    assert "Denne modulen tar omtrent" not in page
    assert f"Omtrent {after_pass} igjen av kurset." in page
    course_page = learner_client.get(f"/courses/{COURSE}/").get_data(as_text=True)
    assert f"Omtrent {after_pass} igjen." in course_page
