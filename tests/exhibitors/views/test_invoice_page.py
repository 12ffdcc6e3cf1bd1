"""Paying from the page: the exhibitor's invoice page shows the transfer details to copy, the VietQR
as an image that decodes to the PDF's own payload, the due date, the balance and the PDF."""
import io
import re
from datetime import date, timedelta

import pytest
import zxingcpp
from PIL import Image

from fairapp.core.fairs import local_today
from fairapp.exhibitors.models import Invoice
from fairapp.exhibitors.services import invoices
from fairapp.exhibitors.services.setup import terms_for
from fairapp.extensions import db
from tests.exhibitors.conftest import decode_qr, get_fair, signed_in_client, user_by_email
from tests.exhibitors.services.test_applications import organiser, submit
from tests.exhibitors.services.test_invoices import approve


@pytest.fixture
def billed(app, fair, exhibitor, make_user):
    """(exhibitor's e-mail, invoice id) of an approved application on booth A-02."""
    email = exhibitor()
    invoice_id = approve(app, organiser(make_user), submit(app, email, booth="A-02"))
    return email, invoice_id


def copy_values(html):
    return {key: value for value, key in re.findall(r'data-copy="([^"]*)" data-copy-select="pay-(\w+)"', html)}


def test_the_invoice_page_shows_what_to_transfer_with_copy_buttons(app, billed):
    email, invoice_id = billed
    client = signed_in_client(app, email)
    html = client.get(f"/exhibitors/my/invoices/{invoice_id}").get_data(as_text=True)
    with app.app_context():
        invoice = db.session.get(Invoice, invoice_id)
        code, total, due = invoice.code, invoice.total_vnd, invoice.due_on
    assert copy_values(html) == {"bank": "VietinBank", "account": "113366668888",
                                 "holder": "TRUNG TAM KHUYEN CONG HA NOI", "amount": str(total),
                                 "content": code.replace("-", " ")}
    assert "13.200.000\u00a0₫" in html  # 12,000,000 + 10 % VAT, shown as Vietnamese money
    assert "Còn phải trả" in html and due.strftime("%d/%m/%Y") in html
    assert html.count('class="btn btn-outline-primary copy-button"') == 5
    assert f'href="/exhibitors/invoices/{invoice_id}.pdf"' in html
    assert f'src="/exhibitors/my/invoices/{invoice_id}/vietqr.png"' in html
    assert "Quét QR" in html  # how to pay with the phone the page is open on
    assert client.get("/exhibitors/my").get_data(as_text=True).count(f"/exhibitors/my/invoices/{invoice_id}") == 1


def test_the_qr_image_decodes_to_the_payload_of_the_pdf(app, billed):
    email, invoice_id = billed
    client = signed_in_client(app, email)
    response = client.get(f"/exhibitors/my/invoices/{invoice_id}/vietqr.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    [on_page] = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))]
    with app.app_context():
        [in_pdf] = decode_qr(db.session.get(Invoice, invoice_id).pdf)
    assert on_page == in_pdf
    saved = client.get(f"/exhibitors/my/invoices/{invoice_id}/vietqr.png?download=1")
    assert saved.headers["Content-Disposition"].startswith('attachment; filename="vietqr-HC')


def test_another_exhibitor_gets_not_found(app, billed, exhibitor):
    _email, invoice_id = billed
    other = signed_in_client(app, exhibitor())
    assert other.get(f"/exhibitors/my/invoices/{invoice_id}").status_code == 404
    assert other.get(f"/exhibitors/my/invoices/{invoice_id}/vietqr.png").status_code == 404


def test_a_paid_invoice_has_no_qr_and_offers_the_receipt(app, billed, make_user):
    email, invoice_id = billed
    with app.test_request_context():
        invoice = db.session.get(Invoice, invoice_id)
        invoices.record_payment(invoice, amount_vnd=invoice.total_vnd, paid_on=local_today(),
                                bank_reference="FT26001", actor=user_by_email(email))
        db.session.commit()
    client = signed_in_client(app, email)
    html = client.get(f"/exhibitors/my/invoices/{invoice_id}").get_data(as_text=True)
    assert 'data-testid="invoice-paid"' in html and "vietqr.png" not in html and "copy-button" not in html
    assert "/exhibitors/receipts/" in html
    assert client.get(f"/exhibitors/my/invoices/{invoice_id}/vietqr.png").status_code == 404


def test_a_part_payment_leaves_the_balance_to_pay_and_in_the_qr(app, billed):
    email, invoice_id = billed
    with app.test_request_context():
        invoice = db.session.get(Invoice, invoice_id)
        invoices.record_payment(invoice, amount_vnd=5_000_000, paid_on=local_today(), bank_reference="FT26002",
                                actor=user_by_email(email))
        db.session.commit()
    client = signed_in_client(app, email)
    html = client.get(f"/exhibitors/my/invoices/{invoice_id}").get_data(as_text=True)
    assert copy_values(html)["amount"] == "8200000" and "8.200.000\u00a0₫" in html
    image = Image.open(io.BytesIO(client.get(f"/exhibitors/my/invoices/{invoice_id}/vietqr.png").data))
    [payload] = [r.text for r in zxingcpp.read_barcodes(image)]
    assert "54078200000" in payload


# ---------------------------------------------------------------- the due date


class Fair:
    def __init__(self, starts_on):
        self.starts_on = starts_on


class Terms:
    def __init__(self, payment_days=14, pay_before_opening_days=7):
        self.payment_days, self.pay_before_opening_days = payment_days, pay_before_opening_days


OPENING = date(2026, 10, 8)


@pytest.mark.parametrize("approved_on, terms, expected", [
    (date(2026, 8, 1), Terms(), date(2026, 8, 15)),                # early: approval + 14 days
    (date(2026, 9, 16), Terms(), date(2026, 9, 30)),               # + 14 lands on the last allowed day
    (date(2026, 9, 17), Terms(), date(2026, 10, 1)),               # + 14 would be 1/10, which is opening − 7
    (date(2026, 9, 18), Terms(), date(2026, 10, 1)),               # later: capped at opening − 7
    (date(2026, 10, 1), Terms(), date(2026, 10, 1)),               # approved on the cap: due that day
    (date(2026, 10, 5), Terms(), date(2026, 10, 5)),               # after the cap: never before approval
    (date(2026, 8, 1), Terms(payment_days=0), date(2026, 8, 1)),   # pay on the day
    (date(2026, 9, 30), Terms(pay_before_opening_days=0), date(2026, 10, 8)),  # up to the opening day
])
def test_due_date_rule(approved_on, terms, expected):
    assert invoices.due_on(approved_on, Fair(OPENING), terms) == expected


def test_the_due_date_follows_the_fairs_setting_at_approval(app, fair, exhibitor, make_user):
    with app.app_context():
        fair_row = get_fair()
        terms_for(fair_row).pay_before_opening_days = 25  # the fixture's fair opens in 30 days
        db.session.commit()
    invoice_id = approve(app, organiser(make_user), submit(app, exhibitor(), booth="A-03"))
    with app.app_context():
        assert db.session.get(Invoice, invoice_id).due_on == local_today() + timedelta(days=5)


def test_the_settings_page_offers_both_limits_with_help(app, fair, signed_in):
    client = signed_in("organizer")
    html = client.get(f"/exhibitors/manage/{fair}/settings").get_data(as_text=True)
    assert 'name="pay_before_opening_days"' in html and 'value="7"' in html
    assert 'name="refund_pct"' in html and "không bao giờ trước ngày duyệt" in html
