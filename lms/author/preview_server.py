"""``flask content preview``: an app that serves a folder of courses on 127.0.0.1.

A separate app instance with an in-memory database it never writes to; the app factory
adds the live preview's pages (``lms.author.live``) when ``CONTENT_PREVIEW`` is set.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from config import Config


def create_preview_app(root: Path, **settings) -> Flask:
    """An app that serves the courses under ``root`` for preview, writing to no database."""
    from lms import create_app

    class PreviewConfig(Config):
        SECRET_KEY = secrets.token_hex(32)
        COURSES_DIR = str(root)
        # Never the site's database: the preview reads files and has nothing to store.
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        CONTENT_PREVIEW = True
        PREVIEW_POLL_SECONDS = 0.5
        PREVIEW_STREAM_SECONDS = 300

    for key, value in settings.items():
        setattr(PreviewConfig, key, value)
    return create_app(PreviewConfig)


def serve_preview(root: Path, port: int) -> None:
    """Serve the preview on 127.0.0.1:``port`` until interrupted."""
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", port, create_preview_app(root), threaded=True)
