"""The dashboard and its exports keep the same number of queries at 10 and 500 learners."""

from __future__ import annotations

from lms.extensions import db
from tests.learn.test_query_counts import count_queries
from tests.supervise.conftest import add_learner, progress


def _add_learners(tree, course, start: int, count: int) -> None:
    units = [tree["home"], tree["ward"], tree["night"]]
    for i in range(start, start + count):
        user = add_learner(f"Learner {i:04d}", units[i % 3], username=f"learner{i}")
        if i % 4:
            progress(user, course, "abcd"[: i % 4 + 1], days_ago=i % 40, passed=i % 5 != 0)
    db.session.commit()


def _queries(client, url: str) -> int:
    client.get(url)  # warm up
    with count_queries() as statements:
        response = client.get(url)
        assert response.status_code == 200
    return len(statements)


URLS = (
    "/supervise/?course=kurs",
    "/supervise/?course=kurs&status=attention",
    "/supervise/export.csv?course=kurs",
    "/supervise/export.xlsx?course=kurs",
)


def test_query_count_is_flat_in_the_number_of_learners(boss_client, tree, course):
    _add_learners(tree, course, 0, 10)
    small = {url: _queries(boss_client, url) for url in URLS}
    _add_learners(tree, course, 10, 490)
    large = {url: _queries(boss_client, url) for url in URLS}
    assert large == small, f"queries at 10 learners: {small}; at 500: {large}"
