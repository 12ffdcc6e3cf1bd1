"""Online registration: ticket by e-mail (PDF, inline QR, calendar), no duplicates, bots and floods stopped."""
import io

import pypdfium2
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from fairapp.core.fairs import local_today
from fairapp.extensions import db
from fairapp.visitors.models import Ticket
from fairapp.visitors.services import codes
from tests.conftest import post_form


def form(**changes):
    data = {"name": "Đặng Thị Hồng", "email": "hong@example.vn", "phone": "0912 345 678",
            "organization": "Công ty Gốm Việt", "ticket_type": "visitor", "days": [local_today().isoformat()],
            "consent": "y", "website": ""}
    data.update(changes)
    return data


def register(client, **changes):
    return post_form(client, "/register", form(**changes), page="/register")


def tickets(app):
    with app.app_context():
        return db.session.scalars(select(Ticket)).all()


def test_registration_mails_the_ticket_with_pdf_inline_qr_and_calendar(client, app, fair, mailbox):
    response = register(client)
    assert response.status_code == 302 and response.location.endswith("/register/done")
    [ticket] = tickets(app)
    assert ticket.name == "Đặng Thị Hồng" and ticket.phone == "+84912345678" and ticket.source == "online"
    [message] = mailbox.wait_for(1)
    assert message["To"] == "hong@example.vn"
    assert message["Subject"] == "Vé tham dự Hội chợ Quà tặng thủ công mỹ nghệ Hà Nội"
    assert "Xin chào Đặng Thị Hồng," in mailbox.text_of(message)
    assert f"/tickets/{ticket.private_token}" in mailbox.text_of(message)
    assert 'src="cid:ticket-qr"' in mailbox.html_of(message)
    parts = {part.get_content_type(): part for part in message.walk() if part.get_filename()}
    assert parts["image/png"]["Content-ID"] == "<ticket-qr>"
    calendar = parts["text/calendar"].get_content()
    assert "BEGIN:VEVENT" in calendar and "SUMMARY:Hội chợ Quà tặng thủ công mỹ nghệ Hà Nội" in calendar
    pdf = pypdfium2.PdfDocument(parts["application/pdf"].get_content())
    assert "Đặng Thị Hồng" in pdf[0].get_textpage().get_text_range()
    [found] = zxingcpp.read_barcodes(pdf[0].render(scale=200 / 72).to_pil())
    assert found.text == ticket.code
    inline = zxingcpp.read_barcodes(Image.open(io.BytesIO(parts["image/png"].get_content())))
    assert inline[0].text == ticket.code
    with app.app_context():
        assert codes.verify(found.text).ticket_id == ticket.id


def test_english_visitor_gets_english_mail(client, app, fair, mailbox):
    post_form(client, "/register", form(email="john@example.com", name="John Carter"), page="/register",
              headers={"Accept-Language": "en"})
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Your ticket for Hội chợ Quà tặng thủ công mỹ nghệ Hà Nội"
    assert tickets(app)[0].locale == "en"


def test_same_email_twice_resends_the_first_ticket(client, app, fair, mailbox):
    register(client)
    first = tickets(app)[0].code
    response = register(client, name="Đặng T. Hồng", email="HONG@example.vn")
    assert response.status_code == 302
    assert len(tickets(app)) == 1 and tickets(app)[0].code == first
    assert len(mailbox.wait_for(2)) == 2
    assert "Đặng Thị Hồng" in mailbox.text_of(mailbox.messages[1])


def test_honeypot_looks_fine_but_stores_nothing(client, app, fair, mailbox):
    response = register(client, website="http://spam.example")
    assert response.status_code == 302
    assert tickets(app) == []
    assert mailbox.messages == []


def test_consent_days_and_phone_are_checked(client, app, fair):
    page = register(client, consent="", days=[], phone="12345").get_data(as_text=True)
    assert "Vui lòng đồng ý để chúng tôi gửi vé cho bạn." in page
    assert "Hãy chọn ít nhất một ngày." in page
    assert "Vui lòng nhập số di động Việt Nam" in page
    assert tickets(app) == []


def test_types_not_offered_online_cannot_be_chosen(client, app, fair):
    response = register(client, ticket_type="vip")
    assert response.status_code == 422
    assert tickets(app) == []


def test_html_in_a_name_is_stored_as_text_and_escaped(client, app, fair):
    register(client, name="<script>alert(1)</script> Hồng")
    ticket = tickets(app)[0]
    assert ticket.name == "<script>alert(1)</script> Hồng"
    page = client.get(f"/tickets/{ticket.private_token}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hồng" in page


def test_one_address_is_throttled(client, app, fair):
    app.config["REGISTRATIONS_PER_ADDRESS"] = 3
    for number in range(3):
        assert register(client, email=f"khach{number}@example.vn").status_code == 302
    response = register(client, email="khach9@example.vn")
    assert response.status_code == 429
    assert "Quá nhiều lần thử" in response.get_data(as_text=True)
    assert len(tickets(app)) == 3


def test_ticket_page_shows_qr_pdf_and_sends_again(client, app, fair, mailbox):
    register(client)
    ticket = tickets(app)[0]
    page = client.get(f"/tickets/{ticket.private_token}")
    assert page.status_code == 200 and "Đặng Thị Hồng" in page.get_data(as_text=True)
    svg = client.get(f"/tickets/{ticket.private_token}/qr.svg")
    assert svg.mimetype == "image/svg+xml"
    pdf = client.get(f"/tickets/{ticket.private_token}/ticket.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    response = post_form(client, f"/tickets/{ticket.private_token}/resend", {},
                         page=f"/tickets/{ticket.private_token}")
    assert response.status_code == 302
    assert len(mailbox.wait_for(2)) == 2
    assert client.get("/tickets/not-a-token").status_code == 404


def test_registration_count_matches_database(app, fair, client):
    for number in range(5):
        register(client, email=f"k{number}@example.vn", name=f"Khách số {number}")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == 5
