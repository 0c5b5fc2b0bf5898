"""Finding 4: weak or default SECRET_KEYs are refused; the WSGI entry point is production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from config import ProductionConfig
from lms import create_app
from tests.conftest import REPO

STRONG_KEY = "k" * 20 + "-strong-enough-random-key-1234"


def _production(secret_key: str, **extra):
    attributes = {
        "SECRET_KEY": secret_key,
        "DATABASE_URL": "sqlite://",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "PUBLIC_BASE_URL": "https://steg.kommune.example",
        **extra,
    }
    return type("Production", (ProductionConfig,), attributes)


@pytest.mark.parametrize("key", ["x", "dev-only-not-secret", "s3cret", "a" * 31])
def test_production_refuses_a_short_or_default_secret_key(key):
    with pytest.raises(RuntimeError, match="SECRET_KEY is too weak"):
        create_app(_production(key))


def test_production_starts_with_a_strong_key_and_public_base_url():
    app = create_app(_production(STRONG_KEY))
    assert not app.debug and app.config["SECRET_KEY"] == STRONG_KEY


@pytest.mark.parametrize("base", ["steg.kommune.example", "https://steg.example/some/path"])
def test_production_refuses_a_public_base_url_that_is_not_an_origin(base):
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app(_production(STRONG_KEY, PUBLIC_BASE_URL=base))


def _import_wsgi(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("STEG_ENV", "SECRET_KEY")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import wsgi; print('debug', wsgi.app.debug)"],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_wsgi_defaults_to_production_and_refuses_to_start_without_settings():
    result = _import_wsgi()
    assert result.returncode != 0
    assert "Production configuration is missing SECRET_KEY" in result.stderr


def test_wsgi_runs_development_only_when_asked(tmp_path):
    result = _import_wsgi(STEG_ENV="development", DATABASE_URL=f"sqlite:///{tmp_path}/d.sqlite")
    assert result.returncode == 0, result.stderr
    assert "debug True" in result.stdout


def test_make_run_asks_for_development():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "run: export STEG_ENV ?= development" in makefile
