"""Invoices without HTTP: amounts, numbering, the PDF and its VietQR, payments, receipts, reminders, release."""
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from fairapp.core.errors import DomainError
from fairapp.core.fairs import local_today
from fairapp.core.models import OutboxMessage
from fairapp.exhibitors.models import ExhibitorApplication, Invoice, Receipt
from fairapp.exhibitors.services import applications, invoices
from fairapp.exhibitors.services.floorplan import booth_status
from fairapp.exhibitors.services.setup import terms_for
from fairapp.exhibitors.vietqr import crc_ok, parse_tlv
from fairapp.extensions import db
from tests.exhibitors.conftest import STANDARD_PRICE, decode_qr, get_booth, get_fair, pdf_text, user_by_email
from tests.exhibitors.services.test_applications import organiser, submit


class Terms:
    def __init__(self, mode="none", rate=0, amount=0, vat=10):
        self.support_mode, self.support_rate_pct, self.support_amount_vnd = mode, Decimal(rate), amount
        self.vat_rate_pct = Decimal(vat)


@pytest.mark.parametrize("terms, eligible, expected", [
    (Terms(), True, (0, 1_200_000, 13_200_000)),
    (Terms("rate", 50), True, (6_000_000, 600_000, 6_600_000)),
    (Terms("rate", 50), False, (0, 1_200_000, 13_200_000)),
    (Terms("fixed", amount=5_000_000, vat=8), True, (5_000_000, 560_000, 7_560_000)),
    (Terms("fixed", amount=50_000_000), True, (12_000_000, 0, 0)),  # never more than the fee
    (Terms("rate", Decimal("33.33"), vat=8), True, (3_999_600, 640_032, 8_640_432)),
])
def test_amounts(terms, eligible, expected):
    assert invoices.amounts(STANDARD_PRICE, terms, eligible) == expected


def approve(app, boss, application_id, booth=None):
    with app.test_request_context():
        application = db.session.get(ExhibitorApplication, application_id)
        invoice = applications.approve(application, user_by_email(boss), get_booth(booth) if booth else None)
        db.session.commit()
        return invoice.id


def test_approval_issues_a_numbered_payment_request_whose_qr_pays_it(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    with app.app_context():
        terms = terms_for(get_fair())
        terms.support_mode, terms.support_rate_pct, terms.vat_rate_pct = "rate", Decimal(30), Decimal(8)
        db.session.commit()
    first, second = exhibitor(), exhibitor(promotion_eligible=False, kind="household", tax_code="")
    ids = [approve(app, boss, submit(app, first, booth="A-02")), approve(app, boss, submit(app, second, booth="A-03"))]
    with app.app_context():
        one, two = (db.session.get(Invoice, i) for i in ids)
        assert (one.number, one.code, two.number, two.code) == (1, f"HC{get_fair().starts_on.year}-00001",
                                                                2, f"HC{get_fair().starts_on.year}-00002")
        assert (one.fee_vnd, one.support_vnd, one.vat_vnd, one.total_vnd) == (12_000_000, 3_600_000, 672_000, 9_072_000)
        assert (two.support_vnd, two.total_vnd) == (0, 12_960_000)
        assert one.due_on == local_today() + timedelta(days=14)
        text = pdf_text(one.pdf)
        assert "GIẤY ĐỀ NGHỊ THANH TOÁN" in text and one.code in text
        assert "9.072.000" in text and "HTX Gốm sứ Bát Tràng" in text and "Gian hàng A-02" in text
        assert "Chín triệu không trăm bảy mươi hai nghìn đồng" in text or "chín triệu" in text.lower()
        [payload] = decode_qr(one.pdf)
        assert crc_ok(payload)
        fields = parse_tlv(payload)
        assert fields["54"] == "9072000"
        assert fields["38"]["01"] == {"00": "970415", "01": "113366668888"}
        assert fields["62"]["08"] == one.code.replace("-", " ")
        assert fields["62"]["01"] == one.code


def test_invoice_numbers_stay_unique_when_organisers_approve_at_once(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    ids = [submit(app, exhibitor(), booth=f"A-{n:02d}") for n in range(2, 8)]
    results, start = [], threading.Barrier(len(ids))

    def run(application_id):
        start.wait()
        with app.test_request_context("/", method="POST"):
            from fairapp.core.db import sqlite_write_intent

            sqlite_write_intent.set(True)  # what a POST request does
            application = db.session.get(ExhibitorApplication, application_id)
            results.append(applications.approve(application, user_by_email(boss)).number)
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(results) == [1, 2, 3, 4, 5, 6]
    with app.app_context():
        assert terms_for(get_fair()).last_invoice_number == 6


def test_without_bank_details_nothing_is_approved(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    application_id = submit(app, exhibitor())
    with app.test_request_context():
        terms_for(get_fair()).bank_account = ""
        db.session.commit()
        with pytest.raises(DomainError) as refused:
            applications.approve(db.session.get(ExhibitorApplication, application_id), user_by_email(boss))
        assert refused.value.code == "no_bank"
        db.session.rollback()
        application = db.session.get(ExhibitorApplication, application_id)
        assert application.status == "submitted" and application.invoices == []
        assert terms_for(get_fair()).last_invoice_number == 0


def test_payments_confirm_the_booking_and_issue_a_receipt(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    email = exhibitor()
    invoice_id = approve(app, boss, submit(app, email))
    with app.test_request_context():
        invoice, actor = db.session.get(Invoice, invoice_id), user_by_email(boss)
        invoices.record_payment(invoice, amount_vnd=10_000_000, paid_on=local_today(), bank_reference="FT2609A1",
                                actor=actor)
        db.session.commit()
        assert invoice.status == "open" and invoice.application.status == "approved"
        with pytest.raises(DomainError) as refused:
            invoices.record_payment(invoice, amount_vnd=3_200_000, paid_on=local_today(),
                                    bank_reference="FT2609A1", actor=actor)
        assert refused.value.field == "bank_reference"
        db.session.rollback()
        with pytest.raises(DomainError) as refused:
            invoices.record_payment(invoice, amount_vnd=3_200_000, paid_on=local_today() + timedelta(days=1),
                                    bank_reference="FT2609B2", actor=actor)
        assert refused.value.field == "paid_on"
        db.session.rollback()
        invoices.record_payment(invoice, amount_vnd=3_200_000, paid_on=local_today(), bank_reference="FT2609B2",
                                actor=actor)
        db.session.commit()
        assert invoice.status == "paid" and invoice.application.status == "confirmed"
        assert booth_status(get_booth("A-02")) == "confirmed"
        receipt = db.session.scalar(select(Receipt))
        assert receipt.amount_vnd == 13_200_000 and receipt.number == 1
        text = pdf_text(receipt.pdf)
        assert "BIÊN NHẬN THANH TOÁN" in text and invoice.code in text and "FT2609A1, FT2609B2" in text
        subjects = db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.recipient == email)
                                      .order_by(OutboxMessage.id)).all()
        assert subjects[-1] == f"Gian hàng A-02 đã được xác nhận: biên nhận {receipt.code}"
        with pytest.raises(DomainError):
            invoices.record_payment(invoice, amount_vnd=1, paid_on=local_today(), bank_reference="X", actor=actor)


def test_overdue_payment_gets_reminders_then_the_booth_can_be_released(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    email, waiting = exhibitor(), exhibitor()
    invoice_id = approve(app, boss, submit(app, email))
    waiting_id = submit(app, waiting, booth="A-03")
    with app.test_request_context():
        applications.waitlist(db.session.get(ExhibitorApplication, waiting_id), user_by_email(boss))
        db.session.commit()
        invoice = db.session.get(Invoice, invoice_id)
        application = invoice.application
        with pytest.raises(DomainError):  # not overdue yet
            applications.release_unpaid(application, user_by_email(boss))
        db.session.rollback()
        assert invoices.send_reminders(get_fair()) == 0
        invoice = db.session.get(Invoice, invoice_id)
        invoice.due_on = local_today() - timedelta(days=1)
        db.session.commit()
        assert invoices.send_reminders(get_fair()) == 1
        db.session.commit()
        assert invoices.send_reminders(get_fair()) == 0  # not again within reminder_every_days
        assert db.session.get(Invoice, invoice_id).reminders_sent == 1
        applications.release_unpaid(db.session.get(Invoice, invoice_id).application, user_by_email(boss))
        db.session.commit()
        invoice = db.session.get(Invoice, invoice_id)
        assert invoice.status == "void" and invoice.application.status == "released"
        # The freed booth went to the waiting list.
        assert db.session.get(ExhibitorApplication, waiting_id).claim.booth.code == "A-02"
        subjects = db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.recipient == email)
                                      .order_by(OutboxMessage.id)).all()
        assert subjects[-2:] == [f"Nhắc thanh toán: giấy đề nghị thanh toán {invoice.code} đã quá hạn",
                                 "Gian hàng A-02 đã được thu hồi"]


def test_withdrawing_cancels_the_open_invoice(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    email = exhibitor()
    invoice_id = approve(app, boss, submit(app, email))
    with app.test_request_context():
        invoice = db.session.get(Invoice, invoice_id)
        applications.withdraw(invoice.application, user_by_email(email))
        db.session.commit()
        assert db.session.get(Invoice, invoice_id).status == "void"
        assert booth_status(get_booth("A-02")) == "available"
        assert db.session.scalar(select(func.count()).select_from(Receipt)) == 0


def test_reminder_command_runs_from_the_cli(app, fair, exhibitor, make_user):
    boss = organiser(make_user)
    invoice_id = approve(app, boss, submit(app, exhibitor()))
    with app.app_context():
        db.session.get(Invoice, invoice_id).due_on = local_today() - timedelta(days=3)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["fair", "send-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 payment reminders sent" in result.output
    with app.app_context():
        assert db.session.get(Invoice, invoice_id).reminders_sent == 1
