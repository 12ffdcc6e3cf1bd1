"""Booth invoices: numbered payment requests, payments recorded by organisers, receipts, reminders."""
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from fairapp.core import audit
from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.fairs import local_today
from fairapp.core.i18n import clean_text, format_day, to_local
from fairapp.exhibitors.documents.payment_documents import (
    InvoiceLine, PartyInfo, PaymentRequestData, ReceiptData, render_payment_request, render_receipt,
)
from fairapp.exhibitors.labels import BOOTH_TYPE_LABELS
from fairapp.exhibitors.models import ExhibitorApplication, FairTerms, Invoice, Payment, Receipt
from fairapp.exhibitors.services import claims
from fairapp.exhibitors.services.notices import notify
from fairapp.exhibitors.services.setup import terms_for
from fairapp.exhibitors.vietqr import BANKS, transfer_purpose, vietqr_payload
from fairapp.extensions import db

INVOICE_FIELDS = ("code", "booth_code", "fee_vnd", "support_vnd", "vat_rate_pct", "vat_vnd", "total_vnd",
                  "due_on", "status")


def _percent_of(amount, rate) -> int:
    return int((Decimal(amount) * Decimal(rate) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def amounts(fee_vnd, terms, eligible):
    """(support, VAT, total) for a booth fee: the khuyến công support (eligible facilities only)
    comes off the fee first, VAT is charged on what the exhibitor pays, all rounded to whole đồng."""
    support = 0
    if eligible and terms.support_mode == "rate":
        support = _percent_of(fee_vnd, terms.support_rate_pct)
    elif eligible and terms.support_mode == "fixed":
        support = terms.support_amount_vnd
    support = min(support, fee_vnd)
    vat = _percent_of(fee_vnd - support, terms.vat_rate_pct)
    return support, vat, fee_vnd - support + vat


def _next_number(fair_id, column):
    # UPDATE … RETURNING takes the terms row's lock: concurrent approvals queue here
    # for a moment instead of reading the same "last number" and colliding.
    return db.session.execute(
        update(FairTerms).where(FairTerms.fair_id == fair_id).values({column: column + 1})
        .returning(column).execution_options(synchronize_session=False)).scalar_one()


def _organiser(terms):
    return PartyInfo(name=terms.organiser_name, address=terms.organiser_address, tax_code=terms.organiser_tax_code,
                     phone=terms.organiser_phone, email=terms.organiser_email,
                     representative=terms.organiser_representative,
                     governing_body=terms.organiser_governing_body)


def _buyer(invoice, profile):
    return PartyInfo(name=invoice.buyer_name, address=invoice.buyer_address, tax_code=invoice.buyer_tax_code,
                     phone=profile.phone, email=profile.email, representative=profile.representative)


def due_on(approved_on, fair, terms):
    """The day a payment request falls due: `payment_days` after the approval day, but no later than
    `pay_before_opening_days` before the fair opens, and never before the approval day itself."""
    due = approved_on + timedelta(days=terms.payment_days)
    latest = fair.starts_on - timedelta(days=terms.pay_before_opening_days)
    return max(approved_on, min(due, latest))


def _check_bank(terms):
    if terms.bank_bin not in BANKS or not terms.bank_account or not terms.bank_account_name or not terms.organiser_name:
        raise DomainError(_("Enter the organiser's name and bank account in the fair's settings first: "
                            "payment requests need them."), code="no_bank")


def payment_request_pdf(invoice) -> bytes:
    application = invoice.application
    fair, terms, booth = application.fair, terms_for(application.fair), application.booth
    with force_locale("vi"):  # a Vietnamese administrative document, whoever reads it
        line = _("Booth %(code)s: %(type)s, %(width)s × %(depth)s m, %(days)d days",
                 code=invoice.booth_code, type=str(BOOTH_TYPE_LABELS[booth.booth_type]) if booth else "",
                 width=f"{float(booth.width_m):g}" if booth else "", depth=f"{float(booth.depth_m):g}" if booth else "",
                 days=(fair.ends_on - fair.starts_on).days + 1)
    data = PaymentRequestData(
        number=invoice.code, issued_on=invoice.issued_at, due_on=invoice.due_on, fair_name=fair.name,
        fair_dates=f"{format_day(fair.starts_on)} – {format_day(fair.ends_on)}", organiser=_organiser(terms),
        bank_name=BANKS[terms.bank_bin], bank_bin=terms.bank_bin, account_number=terms.bank_account,
        account_holder=terms.bank_account_name, exhibitor=_buyer(invoice, application.profile),
        lines=[InvoiceLine(description=line, quantity=1, unit_price_vnd=invoice.fee_vnd, amount_vnd=invoice.fee_vnd)],
        subtotal_vnd=invoice.fee_vnd, vat_rate_percent=invoice.vat_rate_pct.normalize(), vat_vnd=invoice.vat_vnd,
        total_vnd=invoice.total_vnd, booth_codes=[invoice.booth_code], support_vnd=invoice.support_vnd)
    return render_payment_request(data)


@dataclass(frozen=True)
class PaymentDetails:
    """What an exhibitor needs to pay an invoice by bank transfer, as the payment request prints it."""
    bank_name: str
    account_number: str
    account_holder: str
    amount_vnd: int  # what is still to pay
    transfer_content: str
    payload: str | None  # the VietQR to scan; None once nothing is left to pay


def payment_details(invoice) -> PaymentDetails:
    """The transfer details and VietQR payload for `invoice`, built as the PDF builds them (bill number
    and purpose = the invoice code); the amount is the balance left, which is the total until a part is paid."""
    terms = terms_for(invoice.application.fair)
    balance = max(0, invoice.total_vnd - invoice.paid_vnd) if invoice.status == "open" else 0
    payload = None
    if balance and terms.bank_bin in BANKS and terms.bank_account:
        payload = vietqr_payload(terms.bank_bin, terms.bank_account, balance, purpose=invoice.code,
                                 bill_number=invoice.code)
    return PaymentDetails(bank_name=BANKS.get(terms.bank_bin, terms.bank_bin), account_number=terms.bank_account,
                          account_holder=terms.bank_account_name, amount_vnd=balance,
                          transfer_content=transfer_purpose(invoice.code), payload=payload)


def issue_invoice(application, now=None) -> Invoice:
    """The numbered payment request for the application's booth, amounts fixed as of today."""
    now = now or utcnow()
    fair, booth, profile = application.fair, application.booth, application.profile
    terms = terms_for(fair)
    _check_bank(terms)
    for old in application.invoices:
        if old.status == "open":
            void(old)
    support, vat, total = amounts(booth.price_vnd, terms, profile.promotion_eligible)
    number = _next_number(fair.id, FairTerms.last_invoice_number)
    address = ", ".join(p for p in (profile.address, profile.district, profile.province) if p)
    invoice = Invoice(
        fair_id=fair.id, application_id=application.id, number=number,
        code=f"{terms.invoice_prefix}{fair.starts_on.year}-{number:05d}", booth_code=booth.code,
        buyer_name=profile.name, buyer_tax_code=profile.tax_code, buyer_address=address[:400],
        fee_vnd=booth.price_vnd, support_vnd=support, vat_rate_pct=terms.vat_rate_pct, vat_vnd=vat,
        total_vnd=total, issued_at=now, due_on=due_on(to_local(now).date(), fair, terms), status="open",
        reminders_sent=0)
    invoice.application = application
    invoice.pdf = payment_request_pdf(invoice)
    db.session.add(invoice)
    db.session.flush()
    audit.record("invoice.issue", "invoice", invoice.id, after=audit.snapshot(invoice, *INVOICE_FIELDS))
    return invoice


def void(invoice):
    if invoice.status == "open":
        invoice.status = "void"
        audit.record("invoice.void", "invoice", invoice.id, before={"status": "open"}, after={"status": "void"})


def record_payment(invoice, *, amount_vnd, paid_on, bank_reference, actor, now=None) -> Payment:
    """An organiser records a bank transfer; once the invoice is paid in full the booking is
    confirmed and a numbered receipt goes to the exhibitor."""
    now = now or utcnow()
    reference = clean_text(bank_reference)
    if invoice.status != "open":
        raise DomainError(_("Invoice %(code)s is not awaiting payment.", code=invoice.code), code="not_open")
    if not isinstance(amount_vnd, int) or amount_vnd <= 0:
        raise DomainError(_("The amount is a whole number of VND above 0."), field="amount_vnd")
    if paid_on > local_today():
        raise DomainError(_("The payment date cannot be in the future."), field="paid_on")
    if not reference:
        raise DomainError(_("This field is required."), field="bank_reference")
    payment = Payment(invoice_id=invoice.id, amount_vnd=amount_vnd, paid_on=paid_on, bank_reference=reference,
                      recorded_by_id=actor.id if actor else None, recorded_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(payment)
    except IntegrityError:
        raise DomainError(_("This bank reference is already recorded for this invoice."),
                          field="bank_reference") from None
    db.session.expire(invoice, ["payments"])
    audit.record("payment.record", "invoice", invoice.id,
                 after={"amount_vnd": amount_vnd, "paid_on": paid_on, "bank_reference": reference})
    if invoice.paid_vnd >= invoice.total_vnd:
        _settle(invoice, now)
    return payment


def _settle(invoice, now):
    application = invoice.application
    invoice.status, invoice.paid_at = "paid", now
    application.set_status("confirmed", now)
    claims.confirm(application)
    receipt = issue_receipt(invoice, now)
    audit.record("application.confirm", "exhibitor_application", application.id,
                 before={"status": "approved"}, after={"status": "confirmed", "receipt": receipt.code})
    notify(application, "booking_confirmed", invoice=invoice, receipt=receipt,
           attachments=[(f"receipt-{receipt.code}.pdf", "application/pdf", receipt.pdf)])


def issue_receipt(invoice, now=None) -> Receipt:
    now = now or utcnow()
    application = invoice.application
    terms = terms_for(application.fair)
    number = _next_number(invoice.fair_id, FairTerms.last_receipt_number)
    payments = invoice.payments
    receipt = Receipt(fair_id=invoice.fair_id, invoice_id=invoice.id, number=number,
                      code=f"{terms.invoice_prefix}{application.fair.starts_on.year}-BN{number:05d}",
                      amount_vnd=invoice.paid_vnd, issued_at=now)
    receipt.pdf = render_receipt(ReceiptData(
        number=receipt.code, paid_on=max(p.paid_on for p in payments), amount_vnd=receipt.amount_vnd,
        bank_reference=", ".join(p.bank_reference for p in payments), payment_request_number=invoice.code,
        exhibitor=_buyer(invoice, application.profile), fair_name=application.fair.name,
        organiser=_organiser(terms), issued_on=now))
    db.session.add(receipt)
    db.session.flush()
    audit.record("receipt.issue", "invoice", invoice.id, after={"receipt": receipt.code,
                                                                 "amount_vnd": receipt.amount_vnd})
    return receipt


def overdue(invoice, today=None) -> bool:
    return invoice.status == "open" and invoice.due_on < (today or local_today())


def send_reminders(fair=None, now=None) -> int:
    """Remind exhibitors of every payment request past its due date, at most once per
    `reminder_every_days`; returns how many reminders were queued."""
    now = now or utcnow()
    today = local_today()
    query = (select(Invoice).join(Invoice.application).where(Invoice.status == "open", Invoice.due_on < today,
                                                             ExhibitorApplication.status == "approved")
             .options(selectinload(Invoice.application)).order_by(Invoice.id))
    if fair is not None:
        query = query.where(Invoice.fair_id == fair.id)
    sent = 0
    for invoice in db.session.scalars(query):
        every = timedelta(days=terms_for(invoice.application.fair).reminder_every_days)
        if invoice.last_reminded_at is not None and invoice.last_reminded_at > now - every:
            continue
        invoice.last_reminded_at = now
        invoice.reminders_sent += 1
        notify(invoice.application, "payment_reminder", invoice=invoice,
               attachments=[(f"payment-request-{invoice.code}.pdf", "application/pdf", invoice.pdf)])
        audit.record("invoice.remind", "invoice", invoice.id, after={"reminders_sent": invoice.reminders_sent})
        sent += 1
    return sent
