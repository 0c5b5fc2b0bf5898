"""The insert-once helper survives a lost race without losing the request's other work."""

from __future__ import annotations

import sqlalchemy as sa

from lms.extensions import db
from lms.models import ModuleProgress, ReflectionAnswer
from lms.models.once import insert_once
from tests.helpers import stored_module


def test_lost_race_reads_the_winner_and_keeps_earlier_work(real_courses, learner):
    mod = stored_module("dette-ma-jeg-kunne", "rollen-din")
    winner = ModuleProgress(user_id=learner.id, module_id=mod.id, attempts=7)
    db.session.add(winner)
    db.session.commit()

    # Work done earlier in the same request must survive the failed insert.
    db.session.add(
        ReflectionAnswer(user_id=learner.id, module_id=mod.id, prompt_key="1", text="før")
    )
    db.session.flush()

    calls = []

    def find():
        calls.append(1)
        if len(calls) == 1:
            return None  # the other request has not committed yet when we look
        return db.session.scalar(
            sa.select(ModuleProgress).where(
                ModuleProgress.user_id == learner.id, ModuleProgress.module_id == mod.id
            )
        )

    row, created = insert_once(
        db.session, find, lambda: ModuleProgress(user_id=learner.id, module_id=mod.id)
    )
    assert not created and row.attempts == 7
    db.session.commit()
    assert db.session.scalar(sa.select(ReflectionAnswer.text)) == "før"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleProgress)) == 1
