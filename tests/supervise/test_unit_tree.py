"""A supervisor sees the units they lead and every unit under them, never a sibling's."""

from __future__ import annotations

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Unit
from lms.supervise.services import units_visible_to


def _unit(org, name: str, parent: Unit | None = None) -> Unit:
    unit = Unit(organisation=org, name=name, parent=parent)
    db.session.add(unit)
    db.session.flush()
    return unit


def test_supervisor_sees_sub_units_at_any_depth_but_not_siblings(org, make_user):
    home = _unit(org, "Sykehjem")
    ward = _unit(org, "Post 1", home)
    wing = _unit(org, "Post 1 vest", ward)
    _unit(org, "Hjemmetjenesten")
    db.session.commit()
    kari = make_user("kari", "supervisor", unit="Post 1", unit_role="supervisor")

    names = {u.name for u in db.session.scalars(units_visible_to(kari))}

    assert names == {"Post 1", "Post 1 vest"}
    assert wing.parent.parent is home


def test_admin_sees_every_unit(org, make_user):
    _unit(org, "Sykehjem")
    db.session.commit()
    root = make_user("root", "admin")
    every = set(db.session.scalars(sa.select(Unit.name)))
    assert {u.name for u in db.session.scalars(units_visible_to(root))} == every
