"""The app's side of activation links: settings, and the full address printed on a card.

The services in :mod:`lms.auth.activation` take plain arguments; pages and commands
read them from the app here.
"""

from __future__ import annotations

from flask import current_app, url_for

DEFAULT_VALID_DAYS = 14


def valid_days() -> int:
    """How many days a new link works (``ACTIVATION_LINK_DAYS``, default 14)."""
    return int(current_app.config.get("ACTIVATION_LINK_DAYS", DEFAULT_VALID_DAYS))


def hash_method() -> str:
    """The app's password hashing method (``PASSWORD_HASH_METHOD``)."""
    return current_app.config["PASSWORD_HASH_METHOD"]


def site_address() -> str:
    """The address every activation link starts with: PUBLIC_BASE_URL when set, else
    the request's host. Pages show it before cards are printed, so a wrong one is seen.
    """
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/")
    return url_for("learn.index", _external=True).rstrip("/")


def activation_link(token: str) -> str:
    """The full address of a token's activation page (needs a request context)."""
    return site_address() + url_for("auth.activate_account", token=token)
