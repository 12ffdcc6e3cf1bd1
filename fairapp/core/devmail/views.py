"""Development mailbox pages: the caught messages, one message's text and HTML, its attachments."""
import re

from flask import Response, abort, current_app, render_template, request
from markupsafe import Markup, escape

from fairapp.core.access import public
from fairapp.core.devmail import bp, store

# The HTML of a mail is somebody else's markup: it runs nothing, loads nothing, is framed only by us.
HTML_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"
LINK = re.compile(r"https?://[^\s<>\"']+")


@bp.before_request
def loopback_only():
    # Development only already; on top of that, only a browser on this machine reads the mailbox.
    if not store.is_loopback(request.remote_addr or "0.0.0.0"):
        abort(404)


def _message_or_404(message_id):
    message = store.read(store.folder_of(current_app), message_id)
    if message is None:
        abort(404)
    return message


def _linked(text):
    """Plain text, escaped, with its web addresses clickable (the confirmation and ticket links)."""
    pieces, last = [], 0
    for match in LINK.finditer(text):
        pieces += [escape(text[last:match.start()]),
                   Markup('<a href="{0}" rel="noreferrer">{0}</a>').format(match.group(0))]
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


@bp.route("/mailbox")
@public
def mailbox():
    folder = store.folder_of(current_app)
    return render_template("dev/mailbox.html", caught=store.listing(folder), folder=folder,
                           mail_server=current_app.config["MAIL_SERVER"], mail_port=current_app.config["MAIL_PORT"])


@bp.route("/mailbox/<message_id>")
@public
def message(message_id):
    caught = _message_or_404(message_id)
    return render_template("dev/message.html", message_id=message_id, caught=caught,
                           text=_linked(store.text_of(caught)), has_html=store.html_of(caught) is not None,
                           parts=store.attachments(caught),
                           received_at=store.received_at(message_id))


@bp.route("/mailbox/<message_id>/body.html")
@public
def message_html(message_id):
    html = store.html_of(_message_or_404(message_id))
    if html is None:
        abort(404)
    return Response(html, mimetype="text/html", headers={
        "Content-Security-Policy": HTML_CSP, "X-Frame-Options": "SAMEORIGIN", "Cache-Control": "no-store"})


@bp.route("/mailbox/<message_id>/attachments/<int:index>")
@public
def attachment(message_id, index):
    found = store.attachment(_message_or_404(message_id), index) or abort(404)
    filename, content_type, data = found
    safe_name = re.sub(r"[^\w.\-]+", "_", filename, flags=re.ASCII) or "attachment"
    return Response(data, mimetype=content_type, headers={
        "Content-Disposition": f'attachment; filename="{safe_name}"', "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; sandbox"})
