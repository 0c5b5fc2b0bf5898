"""Fixtures for the author area's tests."""

from __future__ import annotations

import pytest

from tests.conftest import login


@pytest.fixture
def author_client(app, make_user):
    """A client signed in as a user with the author role only."""
    make_user("forfatter", "author")
    client = app.test_client()
    assert login(client, "forfatter").status_code == 302
    return client
