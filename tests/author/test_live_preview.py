"""``flask content preview``: pages from a folder, problems on the page, reload on save."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time

import pytest

from lms.author.preview_server import create_preview_app
from lms.security import CONTENT_SECURITY_POLICY
from tests.conftest import REPO
from tests.helpers import module_md, write_course

COURSE_YML = "id: demo\ntitle: Demokurs\nlanguage: nb\nsummary: Et kurs.\n"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "utkast"
    write_course(root, "demo", {"course.yml": COURSE_YML, "01-intro.md": module_md("intro")})
    return root


@pytest.fixture
def preview(folder):
    app = create_preview_app(folder, PREVIEW_POLL_SECONDS=0.05, PREVIEW_STREAM_SECONDS=10)
    app.config["TESTING"] = True
    return app.test_client()


def test_the_preview_lists_courses_and_shows_a_module_with_the_reload_script(preview):
    index = preview.get("/preview/")
    page = preview.get("/preview/courses/demo/intro")

    assert index.status_code == 200 and "Demokurs" in index.get_data(as_text=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Hva er riktig?" in html
    assert 'src="/static/live-reload.js"' in html
    assert re.search(r'data-events="/preview/events\?since=[0-9a-f]{16}"', html)
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "<script>" not in html  # no inline script: the CSP stays strict


def test_the_preview_grades_answers_without_a_database(preview):
    # The preview app's database is an empty in-memory SQLite: any write would fail.
    page = preview.get("/preview/courses/demo/intro").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answered = preview.post(
        "/preview/courses/demo/intro/quiz", data={"csrf_token": csrf, "q1": "1", "q2": "1"}
    )

    assert answered.status_code == 200
    assert "Fordi." in answered.get_data(as_text=True)


def test_validation_problems_show_on_the_page(preview, folder):
    (folder / "demo" / "01-intro.md").write_text(module_md("intro", tier="gull"))

    html = preview.get("/preview/courses/demo/intro").get_data(as_text=True)
    index = preview.get("/preview/").get_data(as_text=True)

    assert "unknown tier &#39;gull&#39;" in html
    assert "demo/01-intro.md" in index and "gull" in index


def test_the_event_stream_says_change_after_a_file_is_saved(preview, folder):
    response = preview.get("/preview/events", buffered=False)
    assert response.mimetype == "text/event-stream"
    chunks = response.iter_encoded()
    assert b"retry:" in next(chunks)

    def save_later():
        time.sleep(0.2)
        (folder / "demo" / "01-intro.md").write_text(module_md("intro", body="Endret."))

    saver = threading.Thread(target=save_later)
    saver.start()
    started = time.monotonic()
    event = next(chunks)
    saver.join()
    response.close()

    assert event == b"event: change\ndata: reload\n\n"
    assert time.monotonic() - started < 5


def test_a_file_saved_before_the_stream_opens_is_a_change_too(preview, folder):
    page = preview.get("/preview/courses/demo/intro").get_data(as_text=True)
    events_url = re.search(r'data-events="([^"]+)"', page).group(1).replace("&amp;", "&")
    (folder / "demo" / "01-intro.md").write_text(module_md("intro", body="Lagret tidlig."))

    response = preview.get(events_url, buffered=False)
    chunks = response.iter_encoded()
    first, second = next(chunks), next(chunks)
    response.close()

    assert b"retry:" in first
    assert second == b"event: change\ndata: reload\n\n"


def test_the_reload_script_is_a_same_origin_static_file(preview):
    with preview.get("/static/live-reload.js") as script:
        assert script.status_code == 200
        assert "EventSource" in script.get_data(as_text=True)


def test_the_command_refuses_a_missing_folder(runner, tmp_path):
    result = runner.invoke(args=["content", "preview", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "is not a folder" in result.output


def test_importing_the_author_package_runs_no_flask_code():
    code = (
        "import lms.author, sys; print('flask' in sys.modules, 'lms.author.routes' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_the_command_serves_on_loopback_only(runner, tmp_path, monkeypatch):
    served = {}

    def fake_run_simple(host, port, app, **options):
        served.update(host=host, port=port, app=app, threaded=options.get("threaded"))

    monkeypatch.setattr("werkzeug.serving.run_simple", fake_run_simple)
    (tmp_path / "kurs").mkdir()

    result = runner.invoke(args=["content", "preview", str(tmp_path / "kurs"), "--port", "5115"])

    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"], served["threaded"]) == ("127.0.0.1", 5115, True)
    assert served["app"].config["COURSES_DIR"] == str((tmp_path / "kurs").resolve())
    assert served["app"].config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"


def test_the_site_itself_has_no_open_preview_pages(client):
    assert client.get("/preview/").status_code == 404
    assert client.get("/preview/events").status_code == 404
