"""Booth invoices (numbered payment requests), the payments recorded against them, and receipts."""
from sqlalchemy import (
    BigInteger, CheckConstraint, Date, ForeignKey, Integer, LargeBinary, Numeric, String, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.models import User
from fairapp.exhibitors.models.exhibitors import ExhibitorApplication
from fairapp.extensions import db


class Invoice(db.Model):
    """A numbered payment request for a booth fee; the amounts are fixed when it is issued."""

    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("fair_id", "number"),
        CheckConstraint("status IN ('open', 'paid', 'void')", name="status"),
        CheckConstraint("fee_vnd >= 0 AND support_vnd >= 0 AND support_vnd <= fee_vnd AND vat_vnd >= 0",
                        name="amounts"),
        CheckConstraint("total_vnd = fee_vnd - support_vnd + vat_vnd", name="total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("exhibitor_applications.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))  # prefix + year + number, as printed
    booth_code: Mapped[str] = mapped_column(String(16))
    # The buyer as printed on the document, kept as it was on the day of issue.
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_tax_code: Mapped[str | None] = mapped_column(String(14))
    buyer_address: Mapped[str] = mapped_column(String(400))
    fee_vnd: Mapped[int] = mapped_column(BigInteger)
    support_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    vat_rate_pct = mapped_column(Numeric(5, 2), nullable=False)
    vat_vnd: Mapped[int] = mapped_column(BigInteger)
    total_vnd: Mapped[int] = mapped_column(BigInteger)
    issued_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    due_on = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)
    paid_at = mapped_column(UTCDateTime, nullable=True)
    last_reminded_at = mapped_column(UTCDateTime, nullable=True)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    application = relationship(ExhibitorApplication, back_populates="invoices")
    payments = relationship("Payment", back_populates="invoice", order_by="Payment.id")
    receipt = relationship("Receipt", back_populates="invoice", uselist=False)

    @property
    def paid_vnd(self) -> int:
        return sum(p.amount_vnd for p in self.payments)


class Payment(db.Model):
    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("invoice_id", "bank_reference"),  # one bank transfer is recorded once
        CheckConstraint("amount_vnd > 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    paid_on = mapped_column(Date, nullable=False)
    bank_reference: Mapped[str] = mapped_column(String(64))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    invoice = relationship(Invoice, back_populates="payments")
    recorded_by = relationship(User)


class Receipt(db.Model):
    """Issued once an invoice is paid in full; numbered in its own per-fair sequence."""

    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("fair_id", "number"), UniqueConstraint("invoice_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(32))
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    issued_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    invoice = relationship(Invoice, back_populates="receipt")
