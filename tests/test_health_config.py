"""Health check and configuration."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from config import ProductionConfig
from lms import create_app


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_is_down(app, client, monkeypatch):
    from lms.extensions import db

    def broken(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_healthz_503_with_unreachable_server(tmp_path):
    from config import TestingConfig

    class Down(TestingConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody:x@127.0.0.1:1/none"
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"connect_timeout": 2}}

    app = create_app(Down)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize(
    "env,missing",
    [
        ({}, "SECRET_KEY, DATABASE_URL and PUBLIC_BASE_URL"),
        (
            {"DATABASE_URL": "postgresql://x/y", "PUBLIC_BASE_URL": "https://steg.example"},
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": "s3cret", "PUBLIC_BASE_URL": "https://steg.example"}, "DATABASE_URL"),
        ({"SECRET_KEY": "s3cret", "DATABASE_URL": "postgresql://x/y"}, "PUBLIC_BASE_URL"),
    ],
)
def test_production_refuses_to_start_without_settings(monkeypatch, env, missing):
    for name in ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(RuntimeError, match=f"missing {missing}:"):
        create_app(ProductionConfig)


def test_database_url_is_honoured(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/steg")
    reloaded = importlib.reload(config)
    try:
        assert reloaded.Config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u:p@db.example/steg"
    finally:
        monkeypatch.delenv("DATABASE_URL")
        importlib.reload(config)


def test_pages_carry_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_500_page_is_translated_and_rolls_back(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom", headers={"Accept-Language": "sv"})
    assert response.status_code == 500
    assert "Något gick fel hos oss." in response.get_data(as_text=True)


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    response.close()
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200
    svg.close()
