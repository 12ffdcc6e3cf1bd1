"""Pages tell the truth about mail: a message queued after a failed attempt is shown as queued and
retried, never as sent; once the real SMTP server took it, as sent. Organisers (and only they) see
a banner on every page while the mail server is failing; statuses are never shown as raw codes."""
import re

import pytest
from sqlalchemy import select

from fairapp.core.models import OutboxMessage
from fairapp.extensions import db
from fairapp.core.mail import deliver
from tests.conftest import login, post_form
from tests.core.test_mail import SwitchableSmtp, make_due


@pytest.fixture
def smtp():
    server = SwitchableSmtp()
    yield server
    server.down()


@pytest.fixture
def app_overrides(smtp):
    return {"MAIL_PORT": smtp.port}


def states_on(page):
    return re.findall(r'data-testid="mail-state" data-state="(\w+)"', page)


def invite(client, email):
    return post_form(client, "/admin/users/invite",
                     {"email": email, "name": "Lê Văn Giám", "role": "juror", "locale": "vi"},
                     page="/admin/users/invite", follow_redirects=True)


def only_message(app):
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage)).all()
        return message.id


def test_invitation_while_the_server_is_down_is_shown_queued_then_sent(app, smtp, make_user):
    organiser = app.test_client()
    login(organiser, make_user("organizer"))

    page = invite(organiser, "giamkhao@example.vn").get_data(as_text=True)

    assert states_on(page) == ["retrying"]
    assert "Thư mời gửi giamkhao@example.vn:" in page
    assert "Chưa gửi được: đang chờ, sẽ tự gửi lại" in page
    assert "Đã gửi" not in page.split('data-testid="mail-notice"')[1].split("</div>")[0]
    # The banner: the mail server is failing, with the count and the way to the mail page.
    banner = re.search(r'data-testid="mail-failing".*?</div>', page, re.S).group(0)
    assert "Số thư gửi lỗi trong một giờ qua: 1." in banner and 'href="/admin/mail?status=problem"' in banner

    mail_page = organiser.get("/admin/mail").get_data(as_text=True)
    assert states_on(mail_page) == ["retrying"] and "ConnectionRefusedError" in mail_page
    assert ">queued<" not in mail_page and "lần thử tới lúc" in mail_page

    mailbox = smtp.up()
    make_due(app, only_message(app))
    assert deliver(app) == 1
    mailbox.wait_for(1)

    mail_page = organiser.get("/admin/mail").get_data(as_text=True)
    assert states_on(mail_page) == ["sent"]
    assert 'data-testid="mail-failing"' not in mail_page


def test_an_invitation_that_goes_out_at_once_says_sent(app, smtp, make_user):
    mailbox = smtp.up()
    organiser = app.test_client()
    login(organiser, make_user("organizer"))

    page = invite(organiser, "giamkhao2@example.vn").get_data(as_text=True)

    mailbox.wait_for(1)
    assert states_on(page) == ["sent"]
    assert 'data-testid="mail-failing"' not in page
    # Shown once, like a flashed message.
    assert states_on(organiser.get("/admin/users").get_data(as_text=True)) == []


def test_the_failing_banner_is_for_organisers_only(app, smtp, make_user):
    organiser = app.test_client()
    login(organiser, make_user("organizer"))
    invite(organiser, "giamkhao3@example.vn")
    assert 'data-testid="mail-failing"' in organiser.get("/admin/").get_data(as_text=True)

    for role in ("exhibitor", "juror", "gate"):
        other = app.test_client()
        login(other, make_user(role))
        assert 'data-testid="mail-failing"' not in other.get("/").get_data(as_text=True), role
    assert 'data-testid="mail-failing"' not in app.test_client().get("/auth/login").get_data(as_text=True)


def test_a_failed_message_is_failed_in_words_and_can_be_sent_again(app, smtp, make_user):
    organiser = app.test_client()
    login(organiser, make_user("organizer"))
    invite(organiser, "giamkhao4@example.vn")
    message_id = only_message(app)
    for _attempt in range(app.config["MAIL_MAX_ATTEMPTS"] - 1):
        make_due(app, message_id)
        deliver(app)

    page = organiser.get("/admin/mail?status=failed").get_data(as_text=True)
    assert states_on(page) == ["failed"] and "Không gửi được" in page and ">failed<" not in page
    assert "Số thư gửi lỗi trong một giờ qua: 1." in page

    mailbox = smtp.up()
    page = post_form(organiser, f"/admin/mail/{message_id}/retry", {}, page="/admin/mail?status=failed",
                     follow_redirects=True).get_data(as_text=True)
    mailbox.wait_for(1)
    assert "Đã gửi lại tới giamkhao4@example.vn:" in page and states_on(page)[0] == "sent"


def test_the_mail_page_names_every_status_in_vietnamese(app, smtp, make_user):
    organiser = app.test_client()
    login(organiser, make_user("organizer"))
    page = organiser.get("/admin/mail").get_data(as_text=True)
    for label in ("Gửi lỗi (0)", "Đang chờ gửi (0)", "Đang gửi (0)", "Đã gửi (0)", "Không gửi được (0)"):
        assert label in page
    assert not re.search(r">\s*(queued|sending|sent|failed)\b", page)
