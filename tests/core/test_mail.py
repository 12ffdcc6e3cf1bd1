"""The mail outbox against a real SMTP server that the tests switch off and on again:
sent after the commit only, in the recipient's language, with attachments intact,
retried with back-off, marked failed for organisers, never sent twice."""
import io
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from flask_babel import force_locale, gettext
from jinja2 import ChoiceLoader, DictLoader
from PIL import Image
from reportlab.pdfgen import canvas
from sqlalchemy import func, select, update

from fairapp.core.auth.services import find_user
from fairapp.core.db import utcnow
from fairapp.core.mail import deliver, queue_mail
from fairapp.core.models import OutboxMessage
from fairapp.extensions import db
from tests.conftest import START_SECONDS, Mailbox, free_port, post_form

SENDER_NAME = "Hội chợ Quà tặng Hà Nội"


class SwitchableSmtp:
    """A real SMTP server on a fixed loopback port; `down()` closes the port, `up()` opens it again.
    free_port() keeps the port reserved while it is down, so nothing else takes it meanwhile."""

    def __init__(self):
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller = None

    def up(self):
        if self.controller is None:
            self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port,
                                         ready_timeout=START_SECONDS)
            self.controller.start()
        return self.mailbox

    def down(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = SwitchableSmtp()
    yield server
    server.down()


@pytest.fixture
def app_overrides(smtp):
    return {"MAIL_PORT": smtp.port}


# A mail template of the tests' own, so the subject is Vietnamese whatever the state of the catalogues.
TEST_TEMPLATES = {
    "email/test_ticket.txt": (
        "{% set subject %}Vé mời tham quan Hội chợ Quà tặng Hà Nội – {{ user.name }}{% endset -%}\n"
        "Kính gửi {{ user.name }},\nVé mời của quý khách ở tệp đính kèm.\n"
    ),
    "email/test_ticket.html": (
        '{% extends "email/_layout.html" %}{% block body %}'
        "<p>Kính gửi {{ user.name }},</p><p><img src=\"cid:{{ qr_cid }}\" alt=\"Mã QR\"></p>"
        "{% endblock %}"
    ),
}


@pytest.fixture
def test_templates(app):
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEST_TEMPLATES), app.jinja_env.loader])


def small_pdf():
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(300, 200))
    pdf.drawString(20, 100, "Ve moi 2026")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def small_png():
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def outbox(app):
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return rows


def the_message(app):
    rows = outbox(app)
    assert len(rows) == 1, rows
    return rows[0]


def make_due(app, message_id):
    """Skip the back-off wait: the message is due a minute ago."""
    with app.app_context():
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                           .values(next_attempt_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()


def request_reset(app, email):
    """The real flow: someone asks for a password reset on the web form."""
    anonymous = app.test_client()
    response = post_form(anonymous, "/auth/reset", {"email": email}, page="/auth/reset")
    assert response.status_code == 302, response.get_data(as_text=True)


def subject_in(app, locale, msgid):
    with app.test_request_context("/"), force_locale(locale):
        return gettext(msgid)


# ---------------------------------------------------------------- sent after the commit


def test_reset_mail_arrives_in_the_recipients_language_with_text_and_html(app, smtp, make_user):
    mailbox = smtp.up()
    email = make_user("exhibitor", name="Đặng Thị Hồng", locale="vi")

    request_reset(app, email)

    [message] = mailbox.wait_for(1)
    assert message["To"] == email
    assert message["Subject"] == subject_in(app, "vi", "Choose a new password")
    assert message["Subject"] != "Choose a new password"  # the Vietnamese catalogue was used
    assert message["From"].addresses[0].display_name == SENDER_NAME
    text, html = Mailbox.text_of(message), Mailbox.html_of(message)
    assert "Đặng Thị Hồng" in text and "Đặng Thị Hồng" in html
    link = mailbox.link_in(message, r"http://\S+/auth/reset/\S+")
    assert link in html
    row = the_message(app)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert row.sent_at is not None


def test_an_english_speaking_user_gets_the_english_mail(app, smtp, make_user):
    mailbox = smtp.up()
    email = make_user("juror", name="Mai Anh Thư", locale="en")

    request_reset(app, email)

    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Choose a new password"
    assert "Mai Anh Thư" in Mailbox.text_of(message)


def test_vietnamese_subject_and_attachments_arrive_intact(app, smtp, make_user, test_templates):
    mailbox = smtp.up()
    email = make_user("exhibitor", name="Bùi Quang Ưng")
    pdf, png = small_pdf(), small_png()

    with app.test_request_context("/"):
        user = find_user(email)
        queue_mail(user.email, "test_ticket", "vi", user=user, qr_cid="qr-ve-moi",
                   attachments=[("ve-moi.pdf", "application/pdf", pdf),
                                ("ma-qr.png", "image/png", png, "qr-ve-moi")])
        db.session.commit()

    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Vé mời tham quan Hội chợ Quà tặng Hà Nội – Bùi Quang Ưng"
    assert "Kính gửi Bùi Quang Ưng" in Mailbox.text_of(message)
    assert 'src="cid:qr-ve-moi"' in Mailbox.html_of(message)
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    assert set(parts) == {"ve-moi.pdf", "ma-qr.png"}
    assert parts["ve-moi.pdf"].get_content_type() == "application/pdf"
    assert parts["ve-moi.pdf"].get_content_disposition() == "attachment"
    assert parts["ve-moi.pdf"].get_content() == pdf
    assert parts["ma-qr.png"].get_content_type() == "image/png"
    assert parts["ma-qr.png"].get_content_disposition() == "inline"
    assert parts["ma-qr.png"]["Content-ID"] == "<qr-ve-moi>"
    assert parts["ma-qr.png"].get_content() == png


def test_a_rollback_sends_nothing_and_leaves_no_row(app, smtp, make_user):
    mailbox = smtp.up()
    kept, dropped = make_user("exhibitor", name="Phạm Văn Mây"), make_user("exhibitor")

    with app.test_request_context("/"):
        user = find_user(dropped)
        queue_mail(user.email, "reset_password", user.locale, user=user, reset_url="http://x/")
        db.session.rollback()
        assert outbox(app) == []
        # Inline sending happens inside the commit: once this commit returns, whatever
        # was going to be sent has arrived, so the mailbox now shows the whole truth.
        user = find_user(kept)
        queue_mail(user.email, "reset_password", user.locale, user=user, reset_url="http://x/")
        db.session.commit()

    assert [m["To"] for m in mailbox.wait_for(1)] == [kept]
    assert [row.recipient for row in outbox(app)] == [kept]


def test_nothing_is_sent_before_the_commit(app, smtp, make_user):
    mailbox = smtp.up()
    email = make_user("exhibitor")
    with app.test_request_context("/"):
        user = find_user(email)
        queue_mail(user.email, "reset_password", user.locale, user=user, reset_url="http://x/")
        db.session.flush()
        assert mailbox.messages == []
        db.session.commit()
    assert len(mailbox.wait_for(1)) == 1


# ---------------------------------------------------------------- SMTP down: back-off, failed, send again


def test_smtp_down_keeps_the_message_queued_with_growing_back_off(app, smtp, make_user):
    email = make_user("exhibitor")
    before = utcnow()
    request_reset(app, email)  # the page still answers: the mail waits in the outbox
    after = utcnow()

    row = the_message(app)
    assert (row.status, row.attempts) == ("queued", 1)
    assert "Connection refused" in row.last_error or "Errno" in row.last_error
    assert before + timedelta(minutes=1) <= row.next_attempt_at <= after + timedelta(minutes=1)

    make_due(app, row.id)
    before = utcnow()
    assert deliver(app) == 0
    after = utcnow()
    row = the_message(app)
    assert (row.status, row.attempts) == ("queued", 2)
    assert before + timedelta(minutes=2) <= row.next_attempt_at <= after + timedelta(minutes=2)


def test_a_message_that_is_not_due_yet_waits_even_when_smtp_is_back(app, smtp, make_user):
    request_reset(app, make_user("exhibitor"))
    mailbox = smtp.up()

    assert deliver(app) == 0
    row = the_message(app)
    assert (row.status, row.attempts) == ("queued", 1)
    assert mailbox.messages == []


def test_a_due_message_goes_out_once_smtp_is_back(app, smtp, make_user):
    email = make_user("exhibitor", name="Vũ Thị Thêu")
    request_reset(app, email)
    row = the_message(app)
    assert row.status == "queued"

    mailbox = smtp.up()
    make_due(app, row.id)
    assert deliver(app) == 1

    [message] = mailbox.wait_for(1)
    assert message["To"] == email and "Vũ Thị Thêu" in Mailbox.text_of(message)
    row = the_message(app)
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, None)
    assert row.sent_at is not None
    assert deliver(app) == 0  # sent is sent


def test_after_max_attempts_it_fails_and_an_organiser_sends_it_again(app, smtp, make_user, client, signed_in):
    assert app.config["MAIL_MAX_ATTEMPTS"] == 3
    email = make_user("exhibitor", name="Ngô Quốc Khánh")
    request_reset(app, email)
    row = the_message(app)
    for attempts in (2, 3):
        make_due(app, row.id)
        assert deliver(app) == 0
        row = the_message(app)
        assert row.attempts == attempts
    assert row.status == "failed"
    assert row.last_error
    make_due(app, row.id)
    assert deliver(app) == 0  # a failed message is left alone by the retry task
    assert the_message(app).attempts == 3

    signed_in("organizer")
    page = client.get("/admin/mail?status=failed")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert email in html
    assert f'action="/admin/mail/{row.id}/retry"' in html
    assert email not in client.get("/admin/mail?status=sent").get_data(as_text=True)

    # Without the CSRF token nothing happens.
    assert client.post(f"/admin/mail/{row.id}/retry").status_code == 400
    assert the_message(app).status == "failed"

    mailbox = smtp.up()
    response = post_form(client, f"/admin/mail/{row.id}/retry", {}, page="/admin/mail?status=failed")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/mail?status=problem")

    [message] = mailbox.wait_for(1)
    assert message["To"] == email
    row = the_message(app)
    assert (row.status, row.last_error) == ("sent", None)
    # The page it lands on tells the outcome once (the real state, read when it is drawn).
    landed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Đã gửi lại tới {email}:" in landed and 'data-state="sent"' in landed
    assert email not in client.get("/admin/mail?status=failed").get_data(as_text=True)


def test_other_roles_cannot_see_or_retry_the_outbox(app, smtp, client, signed_in):
    signed_in("exhibitor")
    assert client.get("/admin/mail?status=failed").status_code == 403
    assert post_form(client, "/admin/mail/1/retry", {}).status_code == 403


def test_a_message_stuck_in_sending_is_picked_up_again(app, smtp, make_user):
    """A worker that died between claiming and sending leaves 'sending' behind."""
    stuck_email, fresh_email = make_user("exhibitor"), make_user("exhibitor")
    with app.test_request_context("/"):
        for email in (stuck_email, fresh_email):
            user = find_user(email)
            queue_mail(user.email, "reset_password", user.locale, user=user, reset_url="http://x/")
        app.config["MAIL_DISPATCH"] = "queue"  # leave both in the outbox
        db.session.commit()
        db.session.execute(update(OutboxMessage).where(OutboxMessage.recipient == stuck_email)
                           .values(status="sending", next_attempt_at=utcnow() - timedelta(minutes=11)))
        db.session.execute(update(OutboxMessage).where(OutboxMessage.recipient == fresh_email)
                           .values(status="sending", next_attempt_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()

    mailbox = smtp.up()
    assert deliver(app) == 1
    assert [m["To"] for m in mailbox.wait_for(1)] == [stuck_email]
    statuses = {row.recipient: row.status for row in outbox(app)}
    assert statuses == {stuck_email: "sent", fresh_email: "sending"}


# ---------------------------------------------------------------- concurrency


def test_concurrent_deliveries_never_send_a_message_twice(app, smtp, make_user):
    count, threads = 30, 4
    emails = [f"khach-{i:02d}@example.vn" for i in range(count)]
    owner = make_user("exhibitor")
    app.config["MAIL_DISPATCH"] = "queue"  # the commit hands them to the (absent) worker
    with app.test_request_context("/"):
        user = find_user(owner)
        for email in emails:
            queue_mail(email, "reset_password", "vi", user=user, reset_url="http://x/")
        db.session.commit()
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(OutboxMessage.status == "queued")) == count

    mailbox = smtp.up()
    start = threading.Barrier(threads)
    sent, errors = [], []

    def run():
        try:
            start.wait()
            sent.append(deliver(app))
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert sum(sent) == count
    # Every deliver() has returned, so every message it sent has arrived already.
    arrived = sorted(m["To"] for m in mailbox.messages)
    assert arrived == sorted(emails)
    rows = outbox(app)
    assert {row.status for row in rows} == {"sent"}
    assert {row.attempts for row in rows} == {1}
