"""Error pages in the user's language."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException

from lms.proof.pdf import PDF_PACKAGES, PdfUnavailable

MESSAGES = {
    400: lambda: _("The request could not be understood."),
    403: lambda: _("You do not have access to this page."),
    404: lambda: _("We could not find this page."),
    405: lambda: _("That action is not allowed here."),
    413: lambda: _("What you sent is too large."),
    429: lambda: _("Too many attempts. Wait a minute and try again."),
    500: lambda: _("Something went wrong on our side. Try again in a moment."),
    503: lambda: _("This is not available right now. Try again later."),
}


def register(app: Flask) -> None:
    """Render HTTP errors with our own template."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        message = MESSAGES.get(code, MESSAGES[500])()
        # Our own 400s carry a translated explanation; werkzeug's default one is English.
        own = error.description and error.description != BadRequest.description
        detail = error.description if code == 400 and own else None
        return render_template("errors/error.html", code=code, message=message, detail=detail), code

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("This form has expired. Go back, reload the page and try again.")
        return render_template("errors/error.html", code=400, message=message), 400

    @app.errorhandler(PdfUnavailable)
    def pdf_unavailable(error: PdfUnavailable):
        app.logger.error("PDF requested but unavailable: %s", error)
        message = _("PDF files cannot be made on this server right now.")
        detail = _(
            "Everything else works. The server is missing programs it needs for PDF files. "
            "Tell whoever runs the server to install these Debian packages: %(packages)s.",
            packages=" ".join(PDF_PACKAGES),
        )
        page = render_template("errors/error.html", code=503, message=message, detail=detail)
        return page, 503, {"Retry-After": "3600"}

    @app.errorhandler(500)
    def server_error(error):
        from lms.extensions import db

        db.session.rollback()
        return render_template("errors/error.html", code=500, message=MESSAGES[500]()), 500
