"""A tier that asks for a reflection meeting is reached only once the learner attended one."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from lms.content.sync import sync_courses
from lms.extensions import db
from lms.models import Course, Meeting, MeetingAttendance, TierAward
from tests.helpers import module_md, pass_module, stored_module, write_course

COURSE_YML = """\
id: motekurs
title: Kurs med møte
language: nb
summary: S.
tiers:
  fordjupning:
    modules: 1
    meetings: 1
"""


def test_meeting_required_for_fordjupning(courses_dir, learner, learner_client):
    write_course(
        courses_dir,
        "motekurs",
        {
            "course.yml": COURSE_YML,
            "01-a.md": module_md("a", "bas"),
            "02-b.md": module_md("b", "fordjupning"),
        },
    )
    sync_courses(db.session, courses_dir)
    db.session.commit()
    pass_module(learner_client, stored_module("motekurs", "a"))
    pass_module(learner_client, stored_module("motekurs", "b"))
    tiers = set(db.session.scalars(sa.select(TierAward.tier)))
    assert tiers == {"bas"}
    page = learner_client.get("/courses/motekurs/").get_data(as_text=True)
    assert "refleksjonsmøte" in page  # the learner is told a meeting is missing

    course = db.session.scalar(sa.select(Course).where(Course.slug == "motekurs"))
    meeting = Meeting(course_id=course.id, title="Refleksjon om demens", held_on=date(2026, 11, 2))
    db.session.add(meeting)
    db.session.flush()
    db.session.add(MeetingAttendance(meeting_id=meeting.id, user_id=learner.id))
    db.session.commit()

    # The next passing attempt records the tier now reached (a retry is enough). The
    # supervisors' meeting page will call award_reached_tiers when it records attendance.
    pass_module(learner_client, stored_module("motekurs", "b"))
    assert set(db.session.scalars(sa.select(TierAward.tier))) == {"bas", "fordjupning"}

    csv_text = learner_client.get("/progress/transcript.csv").get_data(as_text=True)
    assert "Refleksjonsmøte,Refleksjon om demens,,2026-11-02" in csv_text
