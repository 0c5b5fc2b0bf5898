"""Finding 5, acceptance: the per-account limit holds across two app processes.

Two gunicorn processes (production config, CSRF on) share one Redis as limiter storage;
an attacker alternates between them on one account. With ``memory://`` each process
would count alone and let twice as many guesses through.

Needs a Redis server (Debian package ``redis-server``): ``.ci/run`` starts one and
exports ``TEST_REDIS_URL``. In CI a missing Redis fails the test; elsewhere it skips.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import REPO

ACCOUNT_LIMIT = 5
PASSWORD = "correct horse battery"


def _redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "")
    problem = None
    if not url:
        problem = "TEST_REDIS_URL is not set"
    else:
        parts = urllib.parse.urlsplit(url)
        try:
            with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
                pass
        except OSError as exc:
            problem = f"no Redis at {url}: {exc}"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI ({problem})", pytrace=False)
        pytest.skip(f"{problem}: install the apt package redis-server and set TEST_REDIS_URL")
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_processes(tmp_path: Path):
    redis_url = _redis_url()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("STEG_", "FLASK_"))},
        "STEG_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'steg.sqlite'}",
        "PUBLIC_BASE_URL": "https://steg.example",
        "COURSES_DIR": str(tmp_path / "courses"),
        "BADGE_KEY_PATH": str(tmp_path / "badge-key.pem"),
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": f"steg-test-{secrets.token_hex(6)}",
        "LOGIN_ACCOUNT_RATE_LIMIT": f"{ACCOUNT_LIMIT} per minute",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }
    (tmp_path / "courses").mkdir()
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for args, stdin in (
        (["db", "upgrade"], None),
        (["users", "create", "amina", "--password-stdin"], PASSWORD + "\n"),
        (["users", "create", "ola", "--password-stdin"], PASSWORD + "\n"),
    ):
        done = subprocess.run(
            flask + args, cwd=REPO, env=env, input=stdin, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, servers, strict=True):
            _wait_until_up(port, server)
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
            server.stderr.close()


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.stderr.read().decode()[-2000:]}")
        try:
            status, _, _ = _request(port, "GET", "/healthz")
            if status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass  # not listening yet
        time.sleep(0.2)
    pytest.fail(f"gunicorn on port {port} did not answer")


def _request(port, method, path, body=None, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    if cookie:
        headers["Cookie"] = cookie
    try:  # closed even when a starting server drops the connection
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        conn.close()


def _sign_in(port: int, username: str, password: str) -> int:
    """One sign-in the way a browser makes it (CSRF token and its session cookie)."""
    _, set_cookie, html = _request(port, "GET", "/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    cookie = set_cookie.split(";", 1)[0]
    body = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password})
    status, _, _ = _request(port, "POST", "/login", body=body, cookie=cookie)
    return status


def test_per_account_limit_holds_across_two_processes(two_processes):
    first, second = two_processes
    statuses = [
        _sign_in(port, "amina", f"guess number {n}")
        for n, port in enumerate([first, second] * ACCOUNT_LIMIT)
    ]
    # Five wrong guesses in all, whichever process took them; then every try is refused.
    assert statuses.count(200) == ACCOUNT_LIMIT, statuses
    assert statuses[ACCOUNT_LIMIT:] == [429] * ACCOUNT_LIMIT, statuses
    assert _sign_in(first, "amina", PASSWORD) == 429  # the account waits out the minute
    assert _sign_in(second, "ola", PASSWORD) == 302  # other accounts are not locked
