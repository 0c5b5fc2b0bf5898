"""Publishing from git: POST /author/publish, signed, once per delivery, pulls and syncs."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.author.publish import signature
from lms.extensions import db
from lms.models import AuditEvent, Course, Module, SyncLog, WebhookDelivery
from tests.conftest import login
from tests.helpers import module_md, write_course

SECRET = "a-long-shared-secret-for-tests"
COURSE_YML = 'id: demo\ntitle: Demokurs\nlanguage: nb\nsummary: Et kurs.\nversion: "1"\n'

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None, reason="needs git (apt-get install git)"
)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Forfatter", "-c", "user.email=f@example.org", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


@pytest.fixture
def repos(tmp_path, app):
    """A bare remote with one course, an author's clone, and the server's clone."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--bare", "-b", "main", str(remote))
    author = tmp_path / "author"
    git(tmp_path, "clone", "-q", str(remote), str(author))
    write_course(author / "courses", "demo", {
        "course.yml": COURSE_YML, "01-intro.md": module_md("intro"),
    })  # fmt: skip
    git(author, "add", "-A")
    git(author, "commit", "-qm", "First course")
    git(author, "push", "-q", "origin", "HEAD:main")
    server = tmp_path / "server"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(server))
    app.config.update(
        CONTENT_WEBHOOK_SECRET=SECRET,
        CONTENT_GIT_DIR=str(server),
        COURSES_DIR=str(server / "courses"),
    )
    return author, server


def post(client, body: bytes = b"{}", *, delivery="d-1", timestamp=None, secret=SECRET, sig=None):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "X-Steg-Delivery": delivery,
        "X-Steg-Timestamp": timestamp,
        "X-Steg-Signature": sig or signature(secret, timestamp, delivery, body),
        "Content-Type": "application/json",
    }
    return client.post("/author/publish", data=body, headers=headers)


def push_second_module(author: Path) -> None:
    write_course(author / "courses", "demo", {"02-mer.md": module_md("mer", quiz=False)})
    git(author, "add", "-A")
    git(author, "commit", "-qm", "Second module")
    git(author, "push", "-q", "origin", "HEAD:main")


def test_a_signed_push_pulls_the_courses_and_syncs_them(app, client, repos):
    author, server = repos
    push_second_module(author)
    app.config["WTF_CSRF_ENABLED"] = True  # a git host has no CSRF token: the view is exempt

    response = post(client)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["ok"] is True
    assert (server / "courses" / "demo" / "02-mer.md").is_file()
    slugs = db.session.scalars(sa.select(Module.slug).join(Course).order_by(Module.slug)).all()
    assert slugs == ["intro", "mer"]
    log = db.session.scalar(sa.select(SyncLog))
    assert (log.source, log.ok, sorted(log.added)) == ("webhook", True, ["intro", "mer"])
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "content.publish"))
    assert event.details["ok"] is True and event.details["delivery"] == "d-1"
    assert db.session.scalar(sa.select(WebhookDelivery)).ok is True


def test_the_result_shows_in_the_author_area(app, make_user, repos):
    client = app.test_client()
    assert post(client).status_code == 200
    make_user("forfatter", "author")
    login(client, "forfatter")

    html = client.get("/author/").get_data(as_text=True)

    assert "d-1" in html
    assert "added (2): demo, demo/intro" in html


def test_a_bad_signature_is_rejected_and_nothing_is_pulled(client, repos):
    author, server = repos
    push_second_module(author)

    wrong_secret = post(client, secret="not-the-secret")
    tampered = post(client, sig="sha256=" + "0" * 64, delivery="d-2")

    assert (wrong_secret.status_code, tampered.status_code) == (403, 403)
    assert wrong_secret.json == {"ok": False, "error": "bad signature"}
    assert not (server / "courses" / "demo" / "02-mer.md").exists()
    assert db.session.scalar(sa.select(sa.func.count(WebhookDelivery.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Course.id))) == 0


def test_a_replayed_delivery_is_rejected(client, repos):
    first = post(client, delivery="same-id")
    again = post(client, delivery="same-id")

    assert first.status_code == 200
    assert again.status_code == 409
    assert "replay" in again.json["error"]
    assert db.session.scalar(sa.select(sa.func.count(SyncLog.id))) == 1


def test_an_old_timestamp_is_rejected_even_with_a_new_delivery_id(client, repos):
    stale = post(client, delivery="old", timestamp=int(time.time()) - 3600)

    assert stale.status_code == 403
    assert "window" in stale.json["error"]


def test_missing_headers_are_a_bad_request(client, repos):
    response = client.post("/author/publish", data=b"{}")
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_accepted(client, repos, method):
    assert getattr(client, method)("/author/publish").status_code == 405


def test_the_webhook_is_off_without_a_secret(client, app):
    app.config["CONTENT_WEBHOOK_SECRET"] = None
    timestamp = str(int(time.time()))
    response = client.post(
        "/author/publish",
        data=b"{}",
        headers={
            "X-Steg-Delivery": "x",
            "X-Steg-Timestamp": timestamp,
            "X-Steg-Signature": signature("", timestamp, "x", b"{}"),
        },
    )
    assert response.status_code == 404


def test_a_failing_pull_is_reported_and_audited(client, repos, tmp_path):
    _, server = repos
    shutil.rmtree(tmp_path / "remote.git")  # the remote is gone

    response = post(client)

    assert response.status_code == 502
    assert "git pull failed" in response.json["error"]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "content.publish"))
    assert event.details["ok"] is False
    assert json.dumps(event.details)  # stored as plain JSON
