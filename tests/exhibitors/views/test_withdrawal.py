"""Withdrawing asks first: the confirmation page says what happens to the booth and to the money
under the fair's terms, and is refused (no button, POST turned down) when the terms do not allow it."""
from datetime import timedelta

import pytest

from fairapp.core.fairs import local_today
from fairapp.exhibitors.models import ExhibitorApplication, Invoice
from fairapp.exhibitors.services import applications, invoices
from fairapp.exhibitors.services.floorplan import booth_status
from fairapp.exhibitors.services.setup import terms_for
from fairapp.extensions import db
from tests.conftest import post_form
from tests.exhibitors.conftest import get_booth, get_fair, signed_in_client, user_by_email
from tests.exhibitors.services.test_applications import organiser, submit
from tests.exhibitors.services.test_invoices import approve

CONFIRM = 'data-testid="withdraw-confirm"'


def page(client, application_id):
    return client.get(f"/exhibitors/applications/{application_id}/withdraw")


def set_terms(app, **values):
    with app.app_context():
        terms = terms_for(get_fair())
        for name, value in values.items():
            setattr(terms, name, value)
        db.session.commit()


def pay(app, invoice_id, email):
    with app.test_request_context():
        invoice = db.session.get(Invoice, invoice_id)
        invoices.record_payment(invoice, amount_vnd=invoice.total_vnd, paid_on=local_today(),
                                bank_reference="FT26100", actor=user_by_email(email))
        db.session.commit()


def status_of(app, application_id):
    with app.app_context():
        return db.session.get(ExhibitorApplication, application_id).status


def test_a_submitted_application_releases_its_booth_to_the_waiting_list(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    email, waiting = exhibitor(), exhibitor()
    application_id = submit(app, email, booth="A-04")
    waiting_id = submit(app, waiting, booth="A-05")
    with app.test_request_context():
        applications.waitlist(db.session.get(ExhibitorApplication, waiting_id), user_by_email(boss))
        db.session.commit()
    client = signed_in_client(app, email)
    mine = client.get("/exhibitors/my").get_data(as_text=True)
    assert f'href="/exhibitors/applications/{application_id}/withdraw"' in mine
    assert f'action="/exhibitors/applications/{application_id}/withdraw"' not in mine  # no one-click withdrawal
    html = page(client, application_id).get_data(as_text=True)
    assert "Gian hàng A-04 được trả lại" in html and "danh sách chờ" in html
    assert "Bạn chưa thanh toán khoản nào" in html and CONFIRM in html
    assert status_of(app, application_id) == "submitted"  # looking changes nothing
    response = post_form(client, f"/exhibitors/applications/{application_id}/withdraw", {},
                         page=f"/exhibitors/applications/{application_id}/withdraw")
    assert response.status_code == 302 and response.headers["Location"] == "/exhibitors/my"
    assert status_of(app, application_id) == "withdrawn"
    with app.app_context():
        offered = db.session.get(ExhibitorApplication, waiting_id)
        assert offered.claim is not None and offered.claim.booth.code == "A-04"  # the waiting list moved
        assert booth_status(get_booth("A-04")) == "held"


def test_an_approved_unpaid_booking_says_the_payment_request_is_cancelled(app, fair, exhibitor, make_user):
    email = exhibitor()
    application_id = submit(app, email, booth="A-02")
    invoice_id = approve(app, organiser(make_user), application_id)
    client = signed_in_client(app, email)
    html = page(client, application_id).get_data(as_text=True)
    with app.app_context():
        code = db.session.get(Invoice, invoice_id).code
    assert f"Giấy đề nghị thanh toán {code} bị huỷ" in html and CONFIRM in html
    post_form(client, f"/exhibitors/applications/{application_id}/withdraw", {},
              page=f"/exhibitors/applications/{application_id}/withdraw")
    with app.app_context():
        assert db.session.get(Invoice, invoice_id).status == "void"
        assert booth_status(get_booth("A-02")) == "available"


@pytest.mark.parametrize("refund_pct, expected", [
    (None, "ban tổ chức sẽ quyết định có hoàn và hoàn bao nhiêu"),
    (50, "bạn được hoàn 50%: 6.600.000\u00a0₫"),
])
def test_a_paid_booking_states_the_refund_under_the_terms(app, fair, exhibitor, make_user, refund_pct, expected):
    set_terms(app, refund_pct=refund_pct)
    email = exhibitor()
    application_id = submit(app, email, booth="A-02")
    pay(app, approve(app, organiser(make_user), application_id), email)
    client = signed_in_client(app, email)
    html = page(client, application_id).get_data(as_text=True)
    assert "Bạn đã thanh toán 13.200.000\u00a0₫" in html and expected in html and CONFIRM in html


def test_a_paid_non_refundable_booking_is_not_withdrawn_online(app, fair, exhibitor, make_user):
    set_terms(app, refund_pct=0)
    email = exhibitor()
    application_id = submit(app, email, booth="A-02")
    pay(app, approve(app, organiser(make_user), application_id), email)
    client = signed_in_client(app, email)
    mine = client.get("/exhibitors/my").get_data(as_text=True)
    assert f"/exhibitors/applications/{application_id}/withdraw" not in mine
    assert "không được hoàn lại" in mine
    html = page(client, application_id).get_data(as_text=True)
    assert 'data-testid="withdraw-refused"' in html and CONFIRM not in html
    response = post_form(client, f"/exhibitors/applications/{application_id}/withdraw", {},
                         page=f"/exhibitors/applications/{application_id}/withdraw")
    assert response.status_code == 302
    assert "không được hoàn lại" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert status_of(app, application_id) == "confirmed"


def test_after_the_withdrawal_deadline_there_is_no_button_and_the_post_is_refused(app, fair, exhibitor):
    email = exhibitor()
    application_id = submit(app, email, booth="A-04")
    with app.app_context():
        deadline = get_fair().starts_on - timedelta(days=40)
    set_terms(app, withdraw_until=deadline)
    client = signed_in_client(app, email)
    assert f"/exhibitors/applications/{application_id}/withdraw" not in client.get("/exhibitors/my").get_data(as_text=True)
    html = page(client, application_id).get_data(as_text=True)
    assert deadline.strftime("%d/%m/%Y") in html and CONFIRM not in html
    post_form(client, f"/exhibitors/applications/{application_id}/withdraw", {},
              page=f"/exhibitors/applications/{application_id}/withdraw")
    assert status_of(app, application_id) == "submitted"


def test_someone_elses_withdrawal_page_is_not_found(app, fair, exhibitor):
    application_id = submit(app, exhibitor(), booth="A-04")
    assert page(signed_in_client(app, exhibitor()), application_id).status_code == 404
