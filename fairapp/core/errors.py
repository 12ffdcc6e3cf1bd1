"""Domain errors raised by services, and the error pages (HTML for people, JSON for /api/)."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from fairapp.extensions import db


class DomainError(Exception):
    """A rule of the domain said no; `message` is for the user, already translated."""

    status = 400
    code = "invalid"

    def __init__(self, message, *, field=None, code=None, status=None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code
        if status:
            self.status = status


def _messages():
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in."),
        403: _("You do not have permission to open this page."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("The upload is too large."),
        429: _("Too many attempts. Please wait a little and try again."),
        500: _("Something went wrong on our side. Please try again."),
    }


def _wants_json():
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _answer(status, message, **extra):
    if _wants_json():
        response = jsonify({"error": str(status), "message": message, **extra})
        response.status_code = status
        return response
    return render_template("errors/error.html", status=status, message=message), status


def register_error_handlers(app):
    @app.errorhandler(HTTPException)
    def http_error(exc):
        status = exc.code or 500
        message = _messages().get(status) or exc.description
        if status == 400 and getattr(exc, "description", None) and "CSRF" in exc.description:
            message = _("The form has expired. Please reload the page and try again.")
        return _answer(status, message)

    @app.errorhandler(DomainError)
    def domain_error(exc):
        db.session.rollback()
        # API clients get the machine-readable code and the field it concerns, as the booth API does.
        return _answer(exc.status, exc.message, error=exc.code, field=exc.field)

    @app.errorhandler(Exception)
    def server_error(exc):
        db.session.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        return _answer(500, _messages()[500])
