"""The ticket on screen right after registering: QR, short code, name, days, PDF, .ics and the
private page, for this browser only; the e-mail described as a copy in its real state."""
import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from sqlalchemy import select

from fairapp.core.mail import deliver
from fairapp.core.models import Fair, OutboxMessage
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes, search
from tests.conftest import post_form
from tests.core.test_mail import SwitchableSmtp, make_due
from tests.visitors.views.test_public import form

PATH_SEGMENT = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\d+z")


@pytest.fixture
def smtp():
    server = SwitchableSmtp()
    yield server
    server.down()


@pytest.fixture
def app_overrides(smtp):
    return {"MAIL_PORT": smtp.port}


def register(client, **changes):
    return post_form(client, "/register", form(**changes), page="/register", follow_redirects=True)


def the_ticket(app):
    with app.app_context():
        [ticket] = db.session.scalars(select(Ticket)).all()
        db.session.expunge(ticket)
        return ticket


def svg_to_image(svg, scale=8):
    """Draw the QR SVG (rows of M x y h w … runs on a square viewBox) as a picture zxing can read."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    picture = Image.new("L", (size * scale, size * scale), 255)
    pen = ImageDraw.Draw(picture)
    for x, y, width in PATH_SEGMENT.findall(svg):
        x, y, width = int(x), int(y), int(width)
        pen.rectangle([x * scale, y * scale, (x + width) * scale - 1, (y + 1) * scale - 1], fill=0)
    return picture


def state_on(page):
    return re.findall(r'data-testid="mail-state" data-state="(\w+)"', page)


def test_the_done_page_shows_the_ticket_at_once(client, app, fair, smtp):
    mailbox = smtp.up()
    page = register(client).get_data(as_text=True)
    ticket = the_ticket(app)

    assert "Đặng Thị Hồng" in page and "Khách tham quan" in page
    short = codes.short_code(ticket.code)
    assert re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}", short) and f'data-testid="ticket-short-code">{short}<' in page
    day = ticket.days[0]
    assert f"{day[8:10]}/{day[5:7]}/{day[0:4]}" in page
    token = ticket.private_token
    for link in (f"/tickets/{token}/qr.svg", f"/tickets/{token}/ticket.pdf", f"/tickets/{token}/ticket.ics",
                 f'href="/tickets/{token}"'):
        assert link in page, link
    [found] = zxingcpp.read_barcodes(svg_to_image(client.get(f"/tickets/{token}/qr.svg").get_data(as_text=True)))
    assert found.text == ticket.code
    calendar = client.get(f"/tickets/{token}/ticket.ics")
    assert calendar.mimetype == "text/calendar" and "BEGIN:VEVENT" in calendar.get_data(as_text=True)
    assert client.get(f"/tickets/{token}/ticket.pdf").data.startswith(b"%PDF")

    mailbox.wait_for(1)
    assert "Bản sao gửi qua e-mail" in page and "Tới hong@example.vn" in page
    assert state_on(page) == ["sent"]
    again = client.get("/register/done").get_data(as_text=True)  # a refresh shows the same ticket
    assert short in again and state_on(again) == ["sent"]


def test_staff_find_the_ticket_by_its_short_code(client, app, fair, smtp):
    smtp.up()
    register(client)
    ticket = the_ticket(app)
    with app.app_context():
        the_fair = db.session.get(Fair, fair)
        for typed in (codes.short_code(ticket.code), codes.short_code(ticket.code).replace("-", "").lower()):
            found = db.session.scalars(search.ticket_query(the_fair, {"q": typed})).all()
            assert [t.id for t in found] == [ticket.id], typed


def test_while_the_mail_server_is_down_the_copy_is_queued_not_sent(client, app, fair, smtp):
    page = register(client).get_data(as_text=True)

    assert state_on(page) == ["retrying"]
    assert "Chưa gửi được: đang chờ, sẽ tự gửi lại" in page and "Đã gửi" not in page
    assert 'data-testid="ticket-short-code"' in page  # the ticket itself is there all the same

    mailbox = smtp.up()
    with app.app_context():
        [message_id] = db.session.scalars(select(OutboxMessage.id)).all()
    make_due(app, message_id)
    assert deliver(app) == 1
    mailbox.wait_for(1)
    assert state_on(client.get("/register/done").get_data(as_text=True)) == ["sent"]


def test_another_browser_sees_no_ticket(client, app, fair, smtp):
    smtp.up()
    register(client)
    ticket = the_ticket(app)
    stranger = app.test_client()
    page = stranger.get("/register/done").get_data(as_text=True)
    assert "Đặng Thị Hồng" not in page and ticket.private_token not in page
    assert "Trình duyệt này chưa có vé nào để hiển thị" in page


def test_the_same_email_again_resends_without_showing_the_ticket(client, app, fair, smtp):
    mailbox = smtp.up()
    register(client)
    ticket = the_ticket(app)
    stranger = app.test_client()

    page = register(stranger, name="Kẻ Lạ", email="HONG@example.vn").get_data(as_text=True)

    assert "E-mail này đã có vé" in page
    assert "E-mail gửi tới hong@example.vn:" in page and "vé không hiện trên màn hình này" in page
    assert "Đặng Thị Hồng" not in page and ticket.private_token not in page
    assert codes.short_code(ticket.code) not in page and 'data-testid="ticket-qr"' not in page
    assert len(mailbox.wait_for(2)) == 2
    assert state_on(page) == ["sent"]


def test_sending_again_from_the_ticket_page_tells_the_state(client, app, fair, smtp):
    mailbox = smtp.up()
    register(client)
    ticket = the_ticket(app)
    token = ticket.private_token
    page = client.get(f"/tickets/{token}").get_data(as_text=True)
    assert codes.short_code(ticket.code) in page and f"/tickets/{token}/ticket.ics" in page

    page = post_form(client, f"/tickets/{token}/resend", {}, page=f"/tickets/{token}",
                     follow_redirects=True).get_data(as_text=True)
    mailbox.wait_for(2)
    assert "Gửi lại vé qua e-mail tới hong@example.vn:" in page and state_on(page) == ["sent"]


def test_a_revoked_ticket_has_no_calendar_file(client, app, fair, smtp):
    smtp.up()
    register(client)
    ticket = the_ticket(app)
    with app.app_context():
        db.session.get(Ticket, ticket.id).status = "revoked"
        db.session.commit()
    assert client.get(f"/tickets/{ticket.private_token}/ticket.ics").status_code == 404
