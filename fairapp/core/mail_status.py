"""What pages say about mail: the real state of a message just queued, never "sent" before the
outbox says so, and the organisers' warning on every page when the mail server is failing."""
from datetime import timedelta

from flask import g, session
from flask_login import current_user
from sqlalchemy import func, inspect, or_, select
from sqlalchemy.orm import load_only

from fairapp.core.db import utcnow
from fairapp.core.mail import STATE_CLASSES, STATE_LABELS, STATUS_LABELS, delivery_state
from fairapp.core.models import OutboxMessage
from fairapp.extensions import db

FAILING_WINDOW = timedelta(hours=1)
NOTICES = "mail_notices"  # session key: notices waiting for the next page, like flashed messages
MAX_NOTICES = 5
STATE_COLUMNS = (OutboxMessage.id, OutboxMessage.recipient, OutboxMessage.status, OutboxMessage.attempts,
                 OutboxMessage.last_error, OutboxMessage.next_attempt_at, OutboxMessage.sent_at)


def queued_here():
    """The ids of the messages queued while answering this request and now stored (after the commit).

    Read from each object's identity, which the flush set: no query per message, and a message
    whose savepoint was rolled back (no identity any more) is left out."""
    ids = []
    for message in g.get("queued_mail", ()):
        identity = inspect(message).identity
        if identity is not None:
            ids.append(identity[0])
    return ids


def notice(text, category="info", messages=None):
    """After the commit: show `text` on the next page with the state of `messages` (by default
    everything this request queued) as the outbox has it when that page is drawn. Nothing queued
    (an address without an e-mail, say): no notice."""
    ids = queued_here() if messages is None else [m.id for m in messages]
    if not ids:
        return
    waiting = session.get(NOTICES, [])[-(MAX_NOTICES - 1):]
    session[NOTICES] = waiting + [{"text": str(text), "category": category, "ids": ids}]


def messages_by_id(ids):
    """{id: OutboxMessage} with only the columns a state needs (bodies and attachments stay unread)."""
    if not ids:
        return {}
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(list(ids)))
                              .options(load_only(*STATE_COLUMNS)))
    return {message.id: message for message in rows}


def message_state(message):
    """{state, label, css} of one message, or None when there is none (nothing was queued)."""
    if message is None:
        return None
    state = delivery_state(message)
    return {"state": state, "label": STATE_LABELS[state], "css": STATE_CLASSES[state], "message": message}


def state_counts(messages):
    """[(state dict, how many)] in a fixed order: several messages told at once."""
    counts = {}
    for message in messages:
        counts[delivery_state(message)] = counts.get(delivery_state(message), 0) + 1
    return [({"state": s, "label": STATE_LABELS[s], "css": STATE_CLASSES[s]}, counts[s])
            for s in STATE_LABELS if s in counts]


def take_notices():
    """The notices waiting for this page, each with its messages' states read now."""
    if NOTICES not in session:
        return []
    waiting = session.pop(NOTICES) or []
    found = messages_by_id({i for item in waiting for i in item.get("ids", ())})
    notices = []
    for item in waiting:
        messages = [found[i] for i in item.get("ids", ()) if i in found]
        single = message_state(messages[0]) if len(messages) == 1 else None
        notices.append({"text": item["text"], "category": item.get("category", "info"), "single": single,
                        "counts": state_counts(messages) if len(messages) > 1 else []})
    return notices


def failing_filter(since=None):
    """Messages whose last attempt failed within the window: given up on, or waiting for a retry.

    The claim sets next_attempt_at to the attempt's time; a failure then moves it by the back-off
    (at most an hour), so one indexed range on (status, next_attempt_at) finds them."""
    since = since or utcnow() - FAILING_WINDOW
    return (OutboxMessage.status.in_(("queued", "failed")), OutboxMessage.last_error.is_not(None),
            OutboxMessage.next_attempt_at >= since)


def problem_filter():
    """For the organisers' mail page: every message that has not gone out because sending failed."""
    return or_(OutboxMessage.status == "failed",
               (OutboxMessage.status == "queued") & OutboxMessage.last_error.is_not(None))


def failing_count():
    """For organisers only (0 for anyone else, without a query): messages failing in the last hour."""
    if not (current_user.is_authenticated and current_user.role == "organizer"):
        return 0
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*failing_filter())) or 0


def init_app(app):
    @app.context_processor
    def mail_helpers():
        return {"mail_failing_count": failing_count, "take_mail_notices": take_notices,
                "mail_state": message_state, "mail_status_labels": STATUS_LABELS}
