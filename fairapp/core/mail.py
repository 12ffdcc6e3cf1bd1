"""Mail that is never lost: queued in the database with the change, sent after the commit.

A message is rendered in its recipient's language when it is queued. After the
commit it is sent at once (MAIL_DISPATCH=inline) or by the worker (queue). A
failed send stays queued and is retried with back-off by the worker's periodic
task; after MAIL_MAX_ATTEMPTS it is marked failed for organisers to see.
"""
import smtplib
from datetime import timedelta
from typing import NamedTuple

from flask import current_app, g, has_request_context, render_template
from flask_babel import force_locale, lazy_gettext as _l
from flask_mail import Message
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from fairapp.core.aftercommit import after_commit
from fairapp.core.db import sqlite_write_intent, utcnow
from fairapp.core.jobs import background_task, enqueue, periodic_task
from fairapp.core.models import OutboxAttachment, OutboxMessage
from fairapp.extensions import db, mail

RENDERERS = {}
RETRY_BASE = timedelta(minutes=1)
RETRY_CAP = timedelta(hours=1)
STUCK_AFTER = timedelta(minutes=10)  # a worker died between claiming and sending
QUEUED_KEPT = 100  # messages of one request whose state its answer can tell

# The outbox statuses in people's words (never the raw code on a page).
STATUS_LABELS = {"queued": _l("Queued"), "sending": _l("Sending"), "sent": _l("Sent"),
                 "failed": _l("Could not be sent")}
# What a page tells a person about one message: "queued" after a failed attempt is told apart,
# because it is not on its way but waiting for the next try.
STATE_LABELS = {
    "queued": _l("Queued: we are sending it"),
    "retrying": _l("Not sent yet: queued, will be retried"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "failed": _l("Could not be sent"),
}
STATE_CLASSES = {"queued": "status-wait", "retrying": "status-wait", "sending": "status-info",
                 "sent": "status-ok", "failed": "status-bad"}


def delivery_state(message):
    """One of STATE_LABELS' keys: the message's real state, as a page may show it."""
    if message.status == "queued" and message.last_error:
        return "retrying"
    return message.status


class Deferred(NamedTuple):
    """An attachment made at sending time by a registered renderer: renderer(arg) -> bytes."""

    renderer: str
    arg: str


def attachment_renderer(name):
    def register(fn):
        RENDERERS[name] = fn
        return fn

    return register


def queue_mail(recipient, template, locale, *, attachments=(), **context):
    """Render email/<template>.txt and .html in `locale` and add them to the transaction.

    The .txt template sets `subject` with {% set subject %}…{% endset %}.
    `attachments` are (filename, content_type, data) or (…, content_id) tuples;
    data is bytes or a Deferred(renderer, arg).
    """
    with force_locale(locale):
        text_template = current_app.jinja_env.get_template(f"email/{template}.txt")
        module = text_template.make_module({**context, "locale": locale})
        subject = " ".join(str(module.subject).split())
        body_text = str(module)
        body_html = render_template(f"email/{template}.html", **context, locale=locale)
    message = OutboxMessage(
        recipient=recipient, subject=subject, body_text=body_text, body_html=body_html
    )
    for attachment in attachments:
        filename, content_type, data, *cid = attachment
        deferred = data if isinstance(data, Deferred) else None
        message.attachments.append(
            OutboxAttachment(filename=filename, content_type=content_type, content_id=cid[0] if cid else None,
                             data=None if deferred else data, renderer=deferred.renderer if deferred else None,
                             renderer_arg=deferred.arg if deferred else None)
        )
    db.session.add(message)
    after_commit(db.session, _dispatcher(current_app._get_current_object()), message)
    # The page that answers this request tells the state of what it queued (core.mail_status);
    # jobs and commands queue thousands, and keep none of them alive here.
    if has_request_context() and len(g.setdefault("queued_mail", [])) < QUEUED_KEPT:
        g.queued_mail.append(message)
    return message


def _dispatcher(app):
    def dispatch(ids):
        if app.config["MAIL_DISPATCH"] == "queue":
            enqueue(app, "deliver_mail", list(ids))
        else:
            deliver(app, ids)

    return dispatch


def _backoff(attempts):
    return min(RETRY_BASE * (2 ** max(attempts - 1, 0)), RETRY_CAP)


def _render_deferred(attachment):
    # The renderer reads through the app's own session; it must neither hold
    # SQLite's write lock nor leave a transaction open while this delivery writes.
    token = sqlite_write_intent.set(False)
    try:
        attachment.data = RENDERERS[attachment.renderer](attachment.renderer_arg)
    finally:
        db.session.remove()
        sqlite_write_intent.reset(token)


def _to_flask_message(row):
    msg = Message(subject=row.subject, recipients=[row.recipient], body=row.body_text,
                  html=row.body_html)
    for att in row.attachments:
        if att.data is None:
            _render_deferred(att)
        headers = {"Content-ID": f"<{att.content_id}>"} if att.content_id else None
        msg.attach(att.filename, att.content_type, att.data,
                   disposition="inline" if att.content_id else "attachment", headers=headers)
    return msg


@background_task("deliver_mail")
def deliver(app, ids=None):
    """Send the given queued messages (or every due one); returns how many went out."""
    with app.app_context():
        token = sqlite_write_intent.set(True)
        try:
            return _deliver(app, ids)
        finally:
            sqlite_write_intent.reset(token)


@periodic_task("retry_mail", minute="*")
def retry_due(app):
    """Every minute in the worker: what failed before (or was queued while no worker ran) goes out."""
    return deliver(app)


def _claim(session, ids):
    now = utcnow()
    due = or_(
        (OutboxMessage.status == "queued") & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == "sending") & (OutboxMessage.next_attempt_at <= now - STUCK_AFTER),
    )
    query = select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(200)
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    claimed = []
    for message_id in session.scalars(query).all():
        # The conditional update is the claim: two workers never send one message.
        won = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, due)
            .values(status="sending", next_attempt_at=now)
        ).rowcount
        if won:
            claimed.append(message_id)
    session.commit()
    return claimed


def _deliver(app, ids):
    sent = 0
    with Session(db.engine) as session:
        claimed = _claim(session, ids)
        if not claimed:
            return 0
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(claimed))).all()
        try:
            with mail.connect() as connection:
                for row in rows:
                    try:
                        message = _to_flask_message(row)
                    except Exception as exc:  # a renderer failed: this message waits, the others go
                        app.logger.exception("attachment of mail %s could not be made", row.id)
                        _failed(app, row, exc)
                        session.commit()
                        continue
                    try:
                        connection.send(message)
                    except (OSError, smtplib.SMTPException) as exc:
                        _failed(app, row, exc)
                    else:
                        row.status, row.sent_at, row.last_error = "sent", utcnow(), None
                        row.attempts += 1
                        sent += 1
                    session.commit()
        except (OSError, smtplib.SMTPException) as exc:  # no connection, or it dropped
            for row in rows:
                if row.status == "sending":
                    _failed(app, row, exc)
            session.commit()
    return sent


def _failed(app, row, exc):
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if row.attempts >= app.config["MAIL_MAX_ATTEMPTS"]:
        row.status = "failed"
    else:
        row.status = "queued"
        row.next_attempt_at = utcnow() + _backoff(row.attempts)
    app.logger.warning("mail %s to %s not sent (attempt %s): %s", row.id, row.recipient,
                       row.attempts, row.last_error)


def retry_now(message):
    """Organiser's 'send again' on a failed message: back in the queue, due now."""
    message.status, message.next_attempt_at = "queued", utcnow()
    after_commit(db.session, _dispatcher(current_app._get_current_object()), message)
