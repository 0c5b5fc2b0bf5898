"""Finding 9: an id out of range in a URL or query string is 404, never a 500."""

from __future__ import annotations

import pytest

from tests.helpers import stored_module

COURSE = "dette-ma-jeg-kunne"
HUGE = ["9999999999999999999999", "2147483648", "0", "-1", "１２", "1e3", "", "12abc"]


@pytest.mark.parametrize("attempt", HUGE)
def test_attempt_id_out_of_range_is_404(real_courses, learner_client, attempt):
    mod = stored_module(COURSE, "rollen-din")
    response = learner_client.get(f"/courses/{COURSE}/{mod.slug}?attempt={attempt}")
    assert response.status_code == 404


@pytest.mark.parametrize("award_id", ["9999999999999999999999", "2147483648", "0"])
def test_revoke_id_out_of_range_is_404(admin_client, award_id):
    response = admin_client.post(f"/admin/awards/{award_id}/revoke", data={"reason": "x"})
    assert response.status_code == 404


def test_every_int_rule_is_bounded(app):
    """Routes added later get the same converter: `<int:...>` is the bounded one."""
    from werkzeug.routing import IntegerConverter

    from lms.ids import MAX_ID, IdConverter

    converters = [
        (rule.rule, c)
        for rule in app.url_map.iter_rules()
        for c in rule._converters.values()
        if isinstance(c, IntegerConverter)
    ]
    assert converters, "no <int:> rule found"
    for rule, converter in converters:
        assert isinstance(converter, IdConverter) and converter.max == MAX_ID, rule
