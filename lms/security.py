"""Response headers that make every page harder to abuse."""

from __future__ import annotations

from flask import Flask, Response, request, session

# No inline script or style anywhere: templates use one stylesheet, pages need no JS.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

#: Documents about one person: never kept by a browser or a proxy, signed in or not.
PERSONAL_DOCUMENT_TYPES = {
    "application/pdf",
    "text/csv",
    "application/vc+jwt",
    "application/ld+json",
}


def register(app: Flask) -> None:
    """Add security and cache headers to every response that does not set its own."""

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        hsts = app.config.get("HSTS_SECONDS", 0)
        if hsts:
            headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        _cache_policy(response)
        return response


def _cache_policy(response: Response) -> None:
    """``no-store`` for signed-in pages and personal documents; ``private`` stays private.

    A shared ward phone must not show the last user's pages from its cache, and no proxy
    may keep a certificate. Static files and responses that chose ``private`` (course
    assets behind a login) keep their own policy.
    """
    if request.endpoint == "static" or response.cache_control.private:
        return
    # The session names a user (no database query: this runs on error pages too).
    signed_in = "_user_id" in session
    if response.mimetype in PERSONAL_DOCUMENT_TYPES or (
        signed_in and response.mimetype == "text/html"
    ):
        response.cache_control.no_store = True
        response.cache_control.public = False
        response.cache_control.max_age = None
    if signed_in:
        response.vary.add("Cookie")
