"""Every admin route: a learner or a supervisor gets 403, an admin gets the page, and
made-up or huge ids are 404, never 500."""

from __future__ import annotations

import re

import pytest

from tests.conftest import login

GET_ROUTES = [
    "/admin/",
    "/admin/users",
    "/admin/users/new",
    "/admin/users/{user}",
    "/admin/units",
    "/admin/units/{unit}",
    "/admin/import",
    "/admin/staff.csv?organisation={org}",
    "/admin/audit",
]
POST_ROUTES = [
    "/admin/organisations",
    "/admin/users/new",
    "/admin/users/{user}",
    "/admin/users/{user}/deactivate",
    "/admin/users/{user}/reactivate",
    "/admin/units",
    "/admin/units/{unit}/rename",
    "/admin/units/{unit}/move",
    "/admin/units/{unit}/supervisors",
    "/admin/units/{unit}/supervisors/{user}/remove",
    "/admin/import",
    "/admin/import/confirm",
]


@pytest.fixture
def ids(org, learner):
    return {"user": learner.id, "unit": org.units[0].id, "org": org.id}


@pytest.mark.parametrize("role", ["learner", "supervisor"])
def test_non_admins_get_403_on_every_admin_route(app, make_user, ids, role):
    make_user("someone", role, unit="Avdeling A", unit_role="supervisor")
    client = app.test_client()
    assert login(client, "someone").status_code == 302
    for route in GET_ROUTES:
        assert client.get(route.format(**ids)).status_code == 403, route
    for route in POST_ROUTES:
        assert client.post(route.format(**ids)).status_code == 403, route


def test_admin_opens_every_page(admin_client, ids):
    for route in GET_ROUTES:
        assert admin_client.get(route.format(**ids)).status_code == 200, route


def test_unknown_and_huge_ids_are_404(admin_client, ids):
    for bad in ("999999", "2147483648", "9" * 25):
        for route in ("/admin/users/{user}", "/admin/units/{unit}"):
            url = route.format(**{**ids, "user": bad, "unit": bad})
            assert admin_client.get(url).status_code == 404, url
        for route in (
            "/admin/users/{user}/deactivate",
            "/admin/units/{unit}/rename",
            "/admin/units/{unit}/move",
            "/admin/units/{unit}/supervisors/{user}/remove",
        ):
            url = route.format(**{**ids, "user": bad, "unit": bad})
            assert admin_client.post(url).status_code == 404, url
        assert admin_client.get(f"/admin/staff.csv?organisation={bad}").status_code == 404
    assert admin_client.get("/admin/staff.csv?organisation=x").status_code == 404
    assert admin_client.get("/admin/audit?page=99999999999&from=2026-13-45").status_code == 400


def test_each_role_lands_on_a_page_of_their_own(app, make_user):
    make_user("root", "admin")
    make_user("kari", "supervisor", unit="Avdeling A", unit_role="supervisor")
    make_user("amina", "learner", unit="Avdeling A")
    make_user("forf", "author")
    expected = {"root": "/admin/", "kari": "/supervise/", "amina": "/courses", "forf": "/progress"}
    for username, home in expected.items():
        client = app.test_client()
        response = login(client, username)
        assert response.status_code == 302 and response.location.endswith(home), username
        page = client.get(home)
        assert page.status_code == 200, username
        # Every link in the navigation opens for this person (no link that answers 403).
        nav = re.search(r"<nav [^>]*>(.*?)</nav>", page.get_data(as_text=True), re.S).group(1)
        for href in re.findall(r'href="([^"]+)"', nav):
            status = client.get(href).status_code
            assert status in (200, 302), (username, href, status)
