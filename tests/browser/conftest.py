"""Browser fixtures: the app served from a thread of this process, and one Chromium.

The server runs in the test's own process, so it shares the test's database: a test
arranges data with the ORM, then drives the pages the way a person would. CSRF is on,
because the browser posts the real forms.
"""

from __future__ import annotations

import os
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from werkzeug.serving import make_server

from config import TestingConfig
from lms import create_app
from tests.conftest import serve_fresh_schema, system_part_missing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


def _browser_unavailable(reason: str) -> None:
    """Fail in CI (the browser suite must run there), skip on a developer machine."""
    system_part_missing(f"browser tests need {reason}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded one (`playwright install` is not used)."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser(launch_browser):
    """One Chromium for the whole session; each test gets fresh contexts."""
    if not CHROMIUM.exists():
        _browser_unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        chromium = launch_browser()
    except PlaywrightError as exc:
        _browser_unavailable(f"launching {CHROMIUM} failed: {exc.message.splitlines()[0]}")
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def base_url():
    """None: each context gets the live site's URL, which changes per test.

    Also replaces pytest-playwright's fallback ``base_url`` (used when pytest-base-url
    is not installed), a fixture on a plugin instance that pytest 9 warns about
    (PytestRemovedIn10Warning), which our ``filterwarnings = error`` turns into an error.
    """
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Norwegian browser, as most of our learners have."""
    return {**browser_context_args, "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


@pytest.fixture
def app(tmp_path):
    """Like the root ``app`` fixture, on a database a server thread can share.

    In-memory SQLite is private to one connection, so without TEST_DATABASE_URL the
    browser tests use an SQLite file under ``tmp_path``.
    """
    database_url = (
        TestingConfig.SQLALCHEMY_DATABASE_URI
        if os.environ.get("TEST_DATABASE_URL")
        else f"sqlite:///{tmp_path / 'steg.sqlite'}"
    )

    class BrowserConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        COURSES_DIR = str(tmp_path / "courses")
        BADGE_KEY_PATH = str(tmp_path / "instance" / "badge-key.pem")
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashing in tests only
        WTF_CSRF_ENABLED = True
        SERVER_NAME = None  # requests arrive on 127.0.0.1:<port>, not "localhost"

    (tmp_path / "courses").mkdir()
    app = create_app(BrowserConfig)
    yield from serve_fresh_schema(app)


@dataclass
class LiveSite:
    """The app served over HTTP; ``errors`` collects exceptions the app raised."""

    url: str
    errors: list[str] = field(default_factory=list)


class _RecordErrors:
    """WSGI middleware: remember unhandled exceptions so the test can fail on them."""

    def __init__(self, wsgi_app, errors: list[str]):
        self.wsgi_app = wsgi_app
        self.errors = errors

    def __call__(self, environ, start_response):
        try:
            return self.wsgi_app(environ, start_response)
        except Exception:
            self.errors.append(
                f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}\n{traceback.format_exc()}"
            )
            raise


@pytest.fixture
def live_site(app) -> Iterator[LiveSite]:
    """The app on 127.0.0.1 with a free port, served from a thread of this process.

    Named apart from pytest-flask's ``live_server``, which forks a process (and so
    cannot see this test's database) and which pytest-flask treats specially.
    """
    errors: list[str] = []
    server = make_server("127.0.0.1", 0, _RecordErrors(app, errors), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-site", daemon=True)
    thread.start()
    site = LiveSite(f"http://127.0.0.1:{server.server_port}", errors)
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    if errors:
        pytest.fail("The app raised while serving the browser:\n" + "\n".join(errors))


@pytest.fixture
def open_page(live_site, new_context) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies) on the live site.

    Defaults to a phone; pass ``viewport=`` or ``java_script_enabled=False`` to vary.
    Contexts close before the server stops, so no request outlives the database.
    """
    contexts = []

    def open_(**context_args) -> Page:
        context = new_context(**{"base_url": live_site.url, "viewport": PHONE, **context_args})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
