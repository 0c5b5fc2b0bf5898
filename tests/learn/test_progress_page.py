"""Min fremdrift shows the same record as the transcript, archived modules included."""

from __future__ import annotations

import csv
import io

from lms.content.sync import sync_courses
from lms.extensions import db
from tests.helpers import module_md, pass_module, stored_module, write_course


def test_progress_matches_transcript_and_keeps_archived_passes(
    courses_dir, learner, learner_client
):
    files = {
        "course.yml": "id: kurs\ntitle: Kurset\nlanguage: nb\nsummary: S.\n",
        "01-a.md": module_md("a", minutes=12),
        "02-b.md": module_md("b", minutes=7),
        "03-c.md": module_md("c"),
    }
    write_course(courses_dir, "kurs", files)
    write_course(
        courses_dir,
        "annet",
        {
            "course.yml": "id: annet\ntitle: Et annet kurs\nlanguage: nb\nsummary: S.\n",
            "01-a.md": module_md("a"),
        },
    )
    sync_courses(db.session, courses_dir)
    db.session.commit()
    pass_module(learner_client, stored_module("kurs", "a"))
    pass_module(learner_client, stored_module("kurs", "b"))
    (courses_dir / "kurs" / "02-b.md").unlink()
    sync_courses(db.session, courses_dir)
    db.session.commit()

    page = learner_client.get("/progress").get_data(as_text=True)
    assert "Modul a" in page and "Modul b" in page
    assert "ikke lenger i kurset" in page  # b was removed from the course, the pass stays
    assert "19 minutter" in page  # 12 + 7, the archived module included
    assert 'href="/courses/annet/"' in page  # a course not started is offered

    rows = csv.DictReader(
        io.StringIO(
            learner_client.get("/progress/transcript.csv").get_data(as_text=True).lstrip("\ufeff")
        )
    )
    assert sorted(r["Navn"] for r in rows if r["Hva"] == "Modul") == ["Modul a", "Modul b"]
