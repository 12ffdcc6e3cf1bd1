"""The development mailbox: the catcher keeps every message sent to it over real SMTP, and the
/dev/mailbox pages list them, show text and (sandboxed) HTML and hand out the attachments. The
pages exist in the development configuration only: never in production, never in testing."""
import os
import smtplib
import subprocess
import sys
import time
import uuid
from email.message import EmailMessage

import pypdfium2
import pytest

from fairapp import create_app
from fairapp.core.devmail import store
from fairapp.extensions import db
from tests.conftest import ARRIVE_SECONDS, ROOT, START_SECONDS, free_port
from tests.core.test_mail import small_pdf, small_png

DEV_ENDPOINTS = {"devmail.mailbox", "devmail.message", "devmail.message_html", "devmail.attachment"}


def endpoints(app):
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def make_app(config, database_url, tmp_path, **overrides):
    return create_app(config, {"SQLALCHEMY_DATABASE_URI": database_url, "HUEY_FILENAME": str(tmp_path / "huey.db"),
                               "HUEY_NAME": f"fairapp-devmail-{uuid.uuid4().hex[:8]}", **overrides})


@pytest.fixture
def catcher(tmp_path):
    """The real catcher on a loopback port of its own, keeping mail in tmp_path/mailbox."""
    folder, port = str(tmp_path / "mailbox"), free_port()
    controller = store.start_catcher(folder, "127.0.0.1", port, ready_timeout=START_SECONDS)
    yield folder, port
    controller.stop()


@pytest.fixture
def dev_app(database_url, tmp_path, catcher):
    folder, port = catcher
    app = make_app("development", database_url, tmp_path, DEV_MAILBOX_DIR=folder, MAIL_PORT=port)
    yield app
    with app.app_context():
        db.engine.dispose()


def wait_for_files(folder, count):
    deadline = time.monotonic() + ARRIVE_SECONDS  # only ends a hang
    while True:
        names = [n for n in os.listdir(folder) if n.endswith(".eml")] if os.path.isdir(folder) else []
        if len(names) >= count:
            return names
        assert time.monotonic() < deadline, f"{len(names)} of {count} messages caught in {folder}"
        time.sleep(0.05)


def send(port, subject="Giấy đề nghị thanh toán HC-2026-0001", to="nghenhan@example.vn"):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "Ban tổ chức <no-reply@fairapp.local>", to, subject
    message.set_content("Kính gửi nghệ nhân,\nXem giấy đề nghị: http://127.0.0.1:5000/exhibitors/my\n")
    message.add_alternative('<p>Kính gửi nghệ nhân,</p><p><img src="cid:qr-1" alt="QR"></p>'
                            '<script>alert(1)</script>', subtype="html")
    message.get_payload()[1].add_related(small_png(), "image", "png", cid="<qr-1>", filename="qr.png")
    message.add_attachment(small_pdf(), maintype="application", subtype="pdf", filename="de-nghi-thanh-toan.pdf")
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(message)


# ---------------------------------------------------------------- only in development


def test_production_and_testing_have_no_mailbox(database_url, tmp_path):
    production = make_app("production", database_url, tmp_path, SECRET_KEY="p" * 40)
    testing = make_app("testing", database_url, tmp_path)
    for app in (production, testing):
        assert not endpoints(app) & DEV_ENDPOINTS
        assert not any(rule.rule.startswith("/dev") for rule in app.url_map.iter_rules())
        client = app.test_client()
        assert client.get("/dev/mailbox").status_code == 404
        assert "/dev/mailbox" not in client.get("/auth/login").get_data(as_text=True)
        with app.app_context():
            db.engine.dispose()
    with pytest.raises(RuntimeError, match="never in production"):
        make_app("production", database_url, tmp_path, SECRET_KEY="p" * 40, DEV_MAILBOX=True)


def test_development_has_the_mailbox_linked_from_the_sign_in_page(dev_app):
    assert DEV_ENDPOINTS <= endpoints(dev_app)
    client = dev_app.test_client()
    assert client.get("/dev/mailbox").status_code == 200
    assert 'href="/dev/mailbox"' in client.get("/auth/login").get_data(as_text=True)
    # Only a browser on this machine reads it.
    assert client.get("/dev/mailbox", environ_base={"REMOTE_ADDR": "192.168.1.20"}).status_code == 404


# ---------------------------------------------------------------- caught and shown


def test_a_message_sent_over_smtp_is_caught_listed_and_its_pdf_downloads(dev_app, catcher):
    folder, port = catcher
    send(port)
    [name] = wait_for_files(folder, 1)
    client = dev_app.test_client()

    listing = client.get("/dev/mailbox").get_data(as_text=True)
    assert "nghenhan@example.vn" in listing and "Giấy đề nghị thanh toán HC-2026-0001" in listing
    message_id = name[:-4]
    page = client.get(f"/dev/mailbox/{message_id}").get_data(as_text=True)
    assert "Kính gửi nghệ nhân," in page
    assert '<a href="http://127.0.0.1:5000/exhibitors/my" rel="noreferrer">' in page  # the text's links work
    assert "de-nghi-thanh-toan.pdf" in page and "<script>alert(1)</script>" not in page

    html = client.get(f"/dev/mailbox/{message_id}/body.html")
    csp = html.headers["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "script-src" not in csp
    assert "cid:qr-1" not in html.get_data(as_text=True) and "data:image/png;base64," in html.get_data(as_text=True)
    assert f'sandbox src="/dev/mailbox/{message_id}/body.html"' in page

    parts = store.attachments(store.read(folder, message_id))
    [pdf_part] = [p for p in parts if p.content_type == "application/pdf"]
    download = client.get(f"/dev/mailbox/{message_id}/attachments/{pdf_part.index}")
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="de-nghi-thanh-toan.pdf"'
    assert "Ve moi 2026" in pypdfium2.PdfDocument(download.data)[0].get_textpage().get_text_range()


def test_made_up_ids_are_not_found(dev_app, catcher):
    client = dev_app.test_client()
    for path in ("/dev/mailbox/..%2F..%2Fetc%2Fpasswd", "/dev/mailbox/20260101T000000000000-deadbeef",
                 "/dev/mailbox/not-an-id/body.html", "/dev/mailbox/20260101T000000000000-deadbeef/attachments/0"):
        assert client.get(path).status_code == 404, path


def test_the_catcher_command_keeps_mail_in_the_instance_folder(tmp_path):
    """`flask fair mail-catcher`, as `make run` starts it, on the port the development config names."""
    port = free_port()
    env = {**os.environ, "FAIRAPP_INSTANCE": str(tmp_path), "MAIL_PORT": str(port), "FLASK_APP": "wsgi"}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "flask"), "fair", "mail-catcher"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:  # ready once it accepts a connection
            assert process.poll() is None, process.stdout.read().decode()
            try:
                send(port, subject="Xác nhận e-mail của bạn")
                break
            except OSError:
                assert time.monotonic() < deadline, "the catcher did not start"
                time.sleep(0.1)
        [name] = wait_for_files(str(tmp_path / "mailbox"), 1)
        caught = store.read(str(tmp_path / "mailbox"), name[:-4])
        assert caught["Subject"] == "Xác nhận e-mail của bạn"
    finally:
        process.terminate()
        process.wait(timeout=START_SECONDS)


def test_the_catcher_refuses_to_listen_beyond_loopback(tmp_path):
    with pytest.raises(ValueError, match="loopback"):
        store.start_catcher(str(tmp_path), "0.0.0.0", free_port())
