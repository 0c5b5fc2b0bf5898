"""Configuration classes, read from the environment.

Every config honours ``DATABASE_URL`` when it is set. Tests use ``TEST_DATABASE_URL``
when set, else an SQLite file under a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from lms.languages import LANGUAGES

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _database_url(default: str | None) -> str | None:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs name the old driver; psycopg 3 is the one we ship.
    if url and url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'steg.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    COURSES_DIR = os.environ.get("COURSES_DIR", str(BASE_DIR / "courses"))
    BADGE_KEY_PATH = os.environ.get("BADGE_KEY_PATH", str(INSTANCE_DIR / "badge-signing-key.pem"))
    ISSUER_NAME = os.environ.get("ISSUER_NAME", "Steg")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")  # e.g. https://steg.kommune.no
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = LANGUAGES
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a werkzeug method name; tests use a fast one
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a shift is long; the token lives as long as the session
    MAX_CONTENT_LENGTH = 1024 * 1024
    # How long the one-time link on a printed sign-in card works.
    ACTIVATION_LINK_DAYS = int(os.environ.get("ACTIVATION_LINK_DAYS", "14"))


class DevelopmentConfig(Config):
    """Local development: SQLite under instance/."""

    DEBUG = True


class TestingConfig(Config):
    """The test suite: fast hashing, CSRF off unless a test turns it on."""

    TESTING = True
    SECRET_KEY = "testing"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("TEST_DATABASE_URL") or "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    SERVER_NAME = "localhost"


class ProductionConfig(Config):
    """Production: refuses to start without SECRET_KEY and DATABASE_URL."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def validate(cls) -> None:
        """Raise RuntimeError naming every missing required setting."""
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(
                "Production configuration is missing "
                + " and ".join(missing)
                + ": set it in the environment before starting Steg."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The config class named by STEG_ENV (development by default)."""
    return CONFIGS[os.environ.get("STEG_ENV", "development")]
