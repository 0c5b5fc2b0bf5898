"""Configuration classes, read from the environment.

Every config honours ``DATABASE_URL`` when it is set. Tests use ``TEST_DATABASE_URL``
when set, else an SQLite file under a temporary folder.
"""

from __future__ import annotations

import os
from datetime import timedelta
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


#: Keys that are public (in this repository or in examples) and never sign production cookies.
KNOWN_WEAK_KEYS = frozenset({"dev-only-not-secret", "testing", "secret", "changeme", "x"})
MIN_SECRET_KEY_LENGTH = 32


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'steg.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    COURSES_DIR = os.environ.get("COURSES_DIR", str(BASE_DIR / "courses"))
    # Authoring: the writer's warnings of `flask content check`, and publishing from git.
    CONTENT_LIX_MAX = int(os.environ.get("CONTENT_LIX_MAX", "40"))
    HUNSPELL_DIR = os.environ.get("HUNSPELL_DIR", "/usr/share/hunspell")
    CONTENT_WEBHOOK_SECRET = os.environ.get("CONTENT_WEBHOOK_SECRET")  # unset: webhook off
    CONTENT_GIT_DIR = os.environ.get("CONTENT_GIT_DIR")  # the clone `git pull` updates
    CONTENT_WEBHOOK_WINDOW = int(os.environ.get("CONTENT_WEBHOOK_WINDOW", "300"))  # seconds
    BADGE_KEY_PATH = os.environ.get("BADGE_KEY_PATH", str(INSTANCE_DIR / "badge-signing-key.pem"))
    ISSUER_NAME = os.environ.get("ISSUER_NAME", "Steg")
    # Proof (badges, certificates, QR codes) links here, never to the request's Host.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")  # e.g. https://steg.kommune.no
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = LANGUAGES
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a werkzeug method name; tests use a fast one
    # Several processes (gunicorn workers, servers) must share it: redis://host:6379/0.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "steg")
    RATELIMIT_HEADERS_ENABLED = True
    # Per client (address through TRUSTED_PROXY_HOPS) and, for failed sign-ins, per account.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "10 per 15 minutes")
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto (0: none).
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    HSTS_SECONDS = 0  # production sends Strict-Transport-Security
    # Badges say until when they are valid (0: no end date, as for a course certificate).
    BADGE_VALID_DAYS = int(os.environ.get("BADGE_VALID_DAYS", "0"))
    # Earlier badge keys (PEM files, separated by ":") stay in the JWKS after a rotation.
    BADGE_OLD_KEY_PATHS = os.environ.get("BADGE_OLD_KEY_PATHS", "")
    WTF_CSRF_TIME_LIMIT = None  # a shift is long; the token lives as long as the session
    MAX_CONTENT_LENGTH = 1024 * 1024
    # The supervisor dashboard flags a learner as stalled after this many quiet days.
    SUPERVISE_STALLED_DAYS = int(os.environ.get("SUPERVISE_STALLED_DAYS", "14"))
    # How long the one-time link on a printed sign-in card works.
    ACTIVATION_LINK_DAYS = int(os.environ.get("ACTIVATION_LINK_DAYS", "14"))


class DevelopmentConfig(Config):
    """Local development: SQLite under instance/."""

    DEBUG = True
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")


class TestingConfig(Config):
    """The test suite: fast hashing, CSRF off unless a test turns it on."""

    TESTING = True
    SECRET_KEY = "testing"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = _database_url(os.environ.get("TEST_DATABASE_URL") or "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    # CI runs the suite on Redis, the limiter storage production uses with several workers.
    RATELIMIT_STORAGE_URI = os.environ.get("TEST_RATELIMIT_STORAGE_URI", "memory://")
    SERVER_NAME = "localhost"
    PUBLIC_BASE_URL = "http://localhost"


class ProductionConfig(Config):
    """Production: refuses to start without SECRET_KEY, DATABASE_URL and PUBLIC_BASE_URL."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_SECONDS = 365 * 24 * 3600
    REQUIRED = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL")

    @classmethod
    def validate(cls) -> None:
        """Raise RuntimeError naming every missing setting, a weak key or a bad base URL.

        A setting counts when it is in the environment or set on the class (tests use
        subclasses). SECRET_KEY must have at least 32 characters and not be a known key.
        """
        values = {name: getattr(cls, name, None) or os.environ.get(name) for name in cls.REQUIRED}
        missing = [name for name, value in values.items() if not value]
        if missing:
            raise RuntimeError(
                "Production configuration is missing "
                + _and_list(missing)
                + ": set it in the environment before starting Steg."
            )
        key = values["SECRET_KEY"]
        if len(key) < MIN_SECRET_KEY_LENGTH or key in KNOWN_WEAK_KEYS:
            raise RuntimeError(
                f"SECRET_KEY is too weak: use at least {MIN_SECRET_KEY_LENGTH} random "
                'characters, e.g. python3 -c "import secrets; print(secrets.token_urlsafe(48))".'
            )
        base = values["PUBLIC_BASE_URL"]
        if not base.startswith(("https://", "http://")) or "/" in base.split("://", 1)[1].strip(
            "/"
        ):
            raise RuntimeError(
                "PUBLIC_BASE_URL must be the site's origin, e.g. https://steg.kommune.no"
            )


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env(default: str = "development") -> type[Config]:
    """The config class named by STEG_ENV (``default`` when it is unset)."""
    name = os.environ.get("STEG_ENV") or default
    if name not in CONFIGS:
        raise RuntimeError(f"STEG_ENV={name!r} is unknown; use one of {', '.join(CONFIGS)}")
    return CONFIGS[name]
