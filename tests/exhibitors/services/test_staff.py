"""Staff passes: named people of a confirmed exhibitor get gate tickets, up to the booth's quota."""
import threading

import pytest
from sqlalchemy import func, select

from fairapp.core.errors import DomainError
from fairapp.core.fairs import local_today
from fairapp.exhibitors.models import ExhibitorApplication, Invoice, StaffPass
from fairapp.exhibitors.services import invoices, staff
from fairapp.extensions import db
from fairapp.visitors.models import Gate, Ticket
from fairapp.visitors.services.checkin import Scanner, check_in
from tests.conftest import csrf_token, post_form
from tests.exhibitors.conftest import decode_qr, get_fair, signed_in_client, user_by_email
from tests.exhibitors.services.test_applications import organiser, submit
from tests.exhibitors.services.test_invoices import approve


def confirmed_application(app, make_user, exhibitor):
    boss = organiser(make_user)
    email = exhibitor()
    invoice_id = approve(app, boss, submit(app, email))
    with app.test_request_context():
        invoice = db.session.get(Invoice, invoice_id)
        invoices.record_payment(invoice, amount_vnd=invoice.total_vnd, paid_on=local_today(),
                                bank_reference="FT-STAFF-1", actor=user_by_email(boss))
        db.session.commit()
        return invoice.application_id, email


def add(app, application_id, name, **fields):
    with app.test_request_context():
        staff_pass = staff.add_staff_pass(db.session.get(ExhibitorApplication, application_id), name=name, **fields)
        db.session.commit()
        return staff_pass.id, staff_pass.ticket.code


def test_quota_of_passes_each_a_gate_ticket(app, fair, exhibitor, make_user):
    application_id, _email = confirmed_application(app, make_user, exhibitor)
    codes = [add(app, application_id, name)[1] for name in ("Nguyễn Văn Đức", "Trần Thị Lụa", "Lê Văn Gốm")]
    with app.test_request_context():
        application = db.session.get(ExhibitorApplication, application_id)
        with pytest.raises(DomainError) as refused:
            staff.add_staff_pass(application, name="Người thứ tư")
        assert refused.value.code == "quota"
        db.session.rollback()
        tickets = db.session.scalars(select(Ticket).order_by(Ticket.id)).all()
        assert [t.type.code for t in tickets] == ["exhibitor"] * 3
        assert {t.organization for t in tickets} == {application.profile.name}
        fair = get_fair()
        gate = db.session.scalar(select(Gate).where(Gate.fair_id == fair.id))
        # Same signed QR, same gates: the check-in service admits a pass on a fair day.
        answer = check_in(Scanner(fair_id=fair.id), code=codes[0], gate_name=gate.name, direction="in",
                          scanned_at=None)
        assert answer["result"] in ("ok", "not_valid_today")  # the test fair starts in a month
        assert answer["ticket"]["type_code"] == "exhibitor"


def test_no_passes_before_the_booking_is_confirmed(app, fair, exhibitor, make_user):
    application_id = submit(app, exhibitor())
    with app.test_request_context():
        with pytest.raises(DomainError):
            staff.add_staff_pass(db.session.get(ExhibitorApplication, application_id), name="Nguyễn Văn Đức")
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == 0


def test_removing_a_pass_revokes_its_ticket_and_frees_the_slot(app, fair, exhibitor, make_user):
    application_id, _email = confirmed_application(app, make_user, exhibitor)
    pass_ids = [add(app, application_id, f"Nhân viên {i}")[0] for i in range(3)]
    with app.test_request_context():
        staff_pass = db.session.get(StaffPass, pass_ids[1])
        ticket_id = staff_pass.ticket_id
        staff.remove_staff_pass(staff_pass)
        db.session.commit()
        assert db.session.get(Ticket, ticket_id).status == "revoked"
    new_id, _code = add(app, application_id, "Người thay thế")
    with app.app_context():
        assert db.session.get(StaffPass, new_id).slot == 2


def test_two_requests_for_the_last_pass_one_wins(app, fair, exhibitor, make_user):
    application_id, email = confirmed_application(app, make_user, exhibitor)
    add(app, application_id, "Nhân viên 1")
    add(app, application_id, "Nhân viên 2")
    page = f"/exhibitors/applications/{application_id}/staff"
    clients = [signed_in_client(app, email) for _ in range(4)]
    tokens = [csrf_token(c, page) for c in clients]
    barrier, statuses = threading.Barrier(len(clients)), []

    def take(client, token, number):
        barrier.wait()
        response = client.post(page, data={"name": f"Người {number}", "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=take, args=(c, t, i)) for i, (c, t) in enumerate(zip(clients, tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(statuses) == [200, 200, 200, 302]  # one redirect after success, three pages with the refusal
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffPass)) == 3
        assert db.session.scalar(select(func.count()).select_from(Ticket)) == 3


def test_the_exhibitor_names_and_prints_passes_on_the_page(app, fair, exhibitor, make_user):
    application_id, email = confirmed_application(app, make_user, exhibitor)
    client = signed_in_client(app, email)
    page = f"/exhibitors/applications/{application_id}/staff"
    response = post_form(client, page, {"name": "Phạm Thị Men", "phone": "0912 345 678", "email": ""}, page=page)
    assert response.status_code == 302
    assert "Phạm Thị Men" in client.get(page).get_data(as_text=True)
    pdf = client.get(f"{page}.pdf")
    assert pdf.mimetype == "application/pdf"
    with app.app_context():
        code = db.session.scalar(select(Ticket.code))
    assert decode_qr(pdf.data) == [code]
    other = signed_in_client(app, exhibitor(name="Hộ kinh doanh khác"))
    assert other.get(page).status_code == 404
