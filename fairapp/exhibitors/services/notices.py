"""Mail to exhibitors about their applications, in each exhibitor's own language."""
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_request_context, url_for

from fairapp.core.mail import queue_mail

_quiet: ContextVar[bool] = ContextVar("exhibitor_notices_quiet", default=False)


@contextmanager
def quiet():
    """No mail while the demo loader plays decisions through the services: its people are made up."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def site_context(app):
    """A request context for the CLI and the worker: mail templates render links and page
    globals as in a request, against PUBLIC_BASE_URL (the address people reach the site at)."""
    return app.test_request_context(base_url=app.config["PUBLIC_BASE_URL"])


def site_url(endpoint, **values):
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with site_context(current_app):
        return url_for(endpoint, _external=True, **values)


def notify(application, template, *, attachments=(), **context):
    if _quiet.get():
        return None
    user = application.user
    return queue_mail(user.email, template, user.locale, attachments=attachments, application=application,
                      user=user, fair=application.fair, booth=application.booth,
                      page_url=site_url("exhibitors.my_applications"), **context)
