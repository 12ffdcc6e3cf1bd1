"""The walk-in kiosk: register and print at once, reuse a known e-mail, reprint a badge by scan or search
without checking anyone in."""
import re

from sqlalchemy import func, select

from fairapp.core.fairs import local_today
from fairapp.extensions import db
from fairapp.visitors.models import Admission, Scan, Ticket
from tests.conftest import login, post_form
from tests.visitors.badge_pdf import document, page_codes, page_text

KIOSK = "/kiosk"
REPRINT = "/kiosk/reprint"


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def ticket_of(app, ticket_id):
    with app.app_context():
        ticket = db.session.get(Ticket, ticket_id)
        db.session.expunge(ticket)
        return ticket


def badge_location(response):
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.fullmatch(r"/kiosk/tickets/(\d+)/badge", response.headers["Location"]).group(1))


def walk_in(client, **fields):
    data = {"name": "Vũ Thị Thu Hà", "phone": "", "organization": "", "email": "", "ticket_type": "visitor",
            "days": [local_today().isoformat()], **fields}
    return post_form(client, KIOSK, data, page=KIOSK)


def read_badge(client, ticket_id):
    page = client.get(f"/kiosk/tickets/{ticket_id}/badge")
    assert page.status_code == 200
    assert f'src="/kiosk/tickets/{ticket_id}/badge.pdf"' in page.get_data(as_text=True)
    pdf = client.get(f"/kiosk/tickets/{ticket_id}/badge.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["X-Frame-Options"] == "SAMEORIGIN"
    [badge] = document(pdf.data)
    return badge


def test_form_preselects_today_and_offers_every_type(client, signed_in, fair):
    signed_in("gate")
    page = client.get(KIOSK).get_data(as_text=True)
    today = local_today().isoformat()
    assert re.search(rf'<input checked[^>]*value="{today}"|<input[^>]*value="{today}"[^>]*checked', page)
    for name in ("Khách tham quan", "Khách mời VIP", "Báo chí", "Ban tổ chức"):
        assert name in page


def test_walk_in_is_issued_printed_and_its_badge_opens_at_once(app, client, signed_in, fair):
    signed_in("gate")
    ticket_id = badge_location(walk_in(client, name="Vũ Thị Thu Hà", phone="0912 345 678",
                                       organization="Công ty Mỹ nghệ Sơn Đồng", ticket_type="trade"))
    ticket = ticket_of(app, ticket_id)
    assert ticket.source == "kiosk" and ticket.printed_at is not None
    assert ticket.phone == "+84912345678" and ticket.days == [local_today().isoformat()]
    badge = read_badge(client, ticket_id)
    assert page_codes(badge) == [ticket.code]
    lines = page_text(badge).splitlines()
    assert "Vũ Thị Thu Hà" in lines and "Công ty Mỹ nghệ Sơn Đồng" in lines and "KHÁCH THƯƠNG MẠI" in lines
    assert count(app, Scan) == 0 and count(app, Admission) == 0


def test_a_known_email_reuses_its_ticket(app, client, signed_in, issue, mailbox):
    first_id, code = issue("Hoàng Minh Châu", email="chau@example.vn")
    signed_in("gate")
    again = walk_in(client, name="Hoàng Minh Châu", email="Chau@Example.vn")
    assert badge_location(again) == first_id
    assert count(app, Ticket) == 1
    assert ticket_of(app, first_id).printed_at is not None
    new_id = badge_location(walk_in(client, name="Lý Thị Mơ", email="mo@example.vn"))
    assert new_id != first_id
    [message] = mailbox.wait_for(1)
    assert message["To"] == "mo@example.vn"


def test_missing_name_and_foreign_day_are_refused(app, client, signed_in, fair):
    signed_in("gate")
    assert walk_in(client, name="").status_code == 422
    assert walk_in(client, days=["1999-01-01"]).status_code == 422
    assert count(app, Ticket) == 0


def test_print_only_scan_prints_and_checks_nobody_in(app, client, signed_in, issue):
    ticket_id, code = issue("Đỗ Quang Huy", organization="Báo Nhân Dân", type_code="press")
    signed_in("gate")
    # A USB scanner types the code and Enter.
    response = post_form(client, REPRINT, {"query": code}, page=REPRINT)
    assert badge_location(response) == ticket_id
    assert page_codes(read_badge(client, ticket_id)) == [code]
    assert ticket_of(app, ticket_id).printed_at is not None
    assert count(app, Scan) == 0 and count(app, Admission) == 0


def test_reprint_by_name_or_phone_lists_tickets_to_pick(app, client, signed_in, issue):
    ticket_id, code = issue("Nguyễn Thị Lan Hương", phone="+84987654321")
    issue("Trần Văn Nam")
    signed_in("organizer")
    for query in ("lan huong", "0987 654 321"):
        page = post_form(client, REPRINT, {"query": query}, page=REPRINT).get_data(as_text=True)
        assert "Nguyễn Thị Lan Hương" in page and "Trần Văn Nam" not in page
        assert f'name="ticket_id" value="{ticket_id}"' in page
    assert badge_location(post_form(client, REPRINT, {"ticket_id": str(ticket_id)}, page=REPRINT)) == ticket_id
    assert count(app, Scan) == 0 and count(app, Admission) == 0


def test_revoked_forged_and_too_short_are_refused(app, client, signed_in, issue):
    ticket_id, code = issue("Phan Văn Tú")
    with app.app_context():
        db.session.get(Ticket, ticket_id).status = "revoked"
        db.session.commit()
    signed_in("gate")
    forged = code[:10] + ("A" if code[10] != "A" else "B") + code[11:]
    for query in (code, forged, "ab"):
        assert post_form(client, REPRINT, {"query": query}, page=REPRINT).status_code == 400
    assert post_form(client, REPRINT, {"ticket_id": str(ticket_id)}, page=REPRINT).status_code == 400
    assert client.get(f"/kiosk/tickets/{ticket_id}/badge.pdf").status_code == 404
    assert ticket_of(app, ticket_id).printed_at is None


def test_kiosk_is_for_gate_staff_and_organisers(app, make_user, issue):
    ticket_id, _code = issue()
    for role in ("exhibitor", "juror"):
        client = app.test_client()
        login(client, make_user(role))
        for path in (KIOSK, REPRINT, f"/kiosk/tickets/{ticket_id}/badge", f"/kiosk/tickets/{ticket_id}/badge.pdf"):
            assert client.get(path).status_code == 403, (role, path)
    assert app.test_client().get(f"/kiosk/tickets/{ticket_id}/badge.pdf").status_code == 302
