"""Halls and booths of a fair, the live claims on booths, and each fair's booking terms."""
from sqlalchemy import JSON, BigInteger, CheckConstraint, Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.models import Fair, User
from fairapp.extensions import db

BOOTH_TYPES = ("standard", "corner", "double", "raw")
CLAIM_STATES = ("hold", "reserved", "confirmed")
SUPPORT_MODES = ("none", "rate", "fixed")


class Hall(db.Model):
    __tablename__ = "halls"
    __table_args__ = (
        UniqueConstraint("fair_id", "code"),
        CheckConstraint("width_m > 0 AND depth_m > 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # Plan size in metres: the SVG floor plan's viewBox.
    width_m = mapped_column(Numeric(7, 2), nullable=False)
    depth_m = mapped_column(Numeric(7, 2), nullable=False)

    fair = relationship(Fair)
    booths = relationship("Booth", back_populates="hall", order_by="Booth.code")


class Booth(db.Model):
    __tablename__ = "booths"
    __table_args__ = (
        UniqueConstraint("fair_id", "code"),
        CheckConstraint("booth_type IN ('standard', 'corner', 'double', 'raw')", name="booth_type"),
        CheckConstraint("price_vnd >= 0", name="price"),
        CheckConstraint("width_m > 0 AND depth_m > 0", name="size"),
        CheckConstraint("open_sides BETWEEN 0 AND 4", name="open_sides"),
        CheckConstraint("x_m >= 0 AND y_m >= 0", name="position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    booth_type: Mapped[str] = mapped_column(String(16), default="standard")
    width_m = mapped_column(Numeric(6, 2), nullable=False)
    depth_m = mapped_column(Numeric(6, 2), nullable=False)
    open_sides: Mapped[int] = mapped_column(default=1)
    price_vnd: Mapped[int] = mapped_column(BigInteger)
    # Position on the hall plan, in metres from the hall's top-left corner: a
    # rectangle x, y, width × depth, unless `polygon` gives the outline
    # ([[x, y], …] in metres) of an L-shaped or slanted space.
    x_m = mapped_column(Numeric(7, 2), nullable=False)
    y_m = mapped_column(Numeric(7, 2), nullable=False)
    polygon: Mapped[list | None] = mapped_column(JSON)
    blocked: Mapped[bool] = mapped_column(default=False)
    block_reason: Mapped[str | None] = mapped_column(String(200))

    fair = relationship(Fair)
    hall = relationship(Hall, back_populates="booths")
    claim = relationship("BoothClaim", back_populates="booth", uselist=False, passive_deletes=True)

    @property
    def area_m2(self) -> float:
        return round(float(self.width_m) * float(self.depth_m), 2)


class BoothClaim(db.Model):
    """The one live claim on a booth: a hold (with an expiry), a reservation or a confirmed booking.

    UNIQUE(booth_id) is what makes double booking impossible: claims are only
    ever taken by INSERT (after deleting an expired hold in the same
    transaction), and the loser of a race gets an IntegrityError, never a row.
    """

    __tablename__ = "booth_claims"
    __table_args__ = (
        UniqueConstraint("booth_id"),
        UniqueConstraint("application_id"),
        CheckConstraint("state IN ('hold', 'reserved', 'confirmed')", name="state"),
        CheckConstraint("state <> 'hold' OR expires_at IS NOT NULL", name="hold_expires"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("booths.id", ondelete="CASCADE"))
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Set once the claim belongs to an application (reservation, booking, or a
    # hold offered to a waitlisted application); a plain hold has none yet.
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("exhibitor_applications.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12))
    expires_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    booth = relationship(Booth, back_populates="claim")
    user = relationship(User)

    def is_live(self, now=None) -> bool:
        """Whether the claim still holds its booth: a hold past its expiry holds nothing, even
        before the sweeper deletes the row (services.claims.claim_live is the same test in SQL)."""
        return self.state != "hold" or self.expires_at > (now or utcnow())


class FairTerms(db.Model):
    """A fair's booking terms: hold and offer times, fees, support, VAT, payment, bank account."""

    __tablename__ = "fair_terms"
    __table_args__ = (
        CheckConstraint("support_mode IN ('none', 'rate', 'fixed')", name="support_mode"),
        CheckConstraint("support_rate_pct >= 0 AND support_rate_pct <= 100", name="support_rate"),
        CheckConstraint("support_amount_vnd >= 0", name="support_amount"),
        CheckConstraint("vat_rate_pct >= 0 AND vat_rate_pct <= 100", name="vat_rate"),
        CheckConstraint("hold_minutes > 0 AND offer_hours > 0 AND payment_days >= 0", name="periods"),
        CheckConstraint("reminder_every_days > 0", name="reminder_every"),
        CheckConstraint("staff_passes_per_booth BETWEEN 0 AND 50", name="staff_passes"),
        CheckConstraint("pay_before_opening_days BETWEEN 0 AND 120", name="pay_before_opening"),
        CheckConstraint("refund_pct IS NULL OR refund_pct BETWEEN 0 AND 100", name="refund_pct"),
    )

    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), primary_key=True)
    hold_minutes: Mapped[int] = mapped_column(Integer, default=15)
    offer_hours: Mapped[int] = mapped_column(Integer, default=48)
    # Industrial-promotion (khuyến công) support for eligible facilities.
    support_mode: Mapped[str] = mapped_column(String(8), default="none")
    support_rate_pct = mapped_column(Numeric(5, 2), nullable=False, default=0)
    support_amount_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    vat_rate_pct = mapped_column(Numeric(5, 2), nullable=False, default=10)
    payment_days: Mapped[int] = mapped_column(Integer, default=14)
    # …but never later than this many days before the fair opens (and never before the approval day).
    pay_before_opening_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    reminder_every_days: Mapped[int] = mapped_column(Integer, default=3)
    # Exhibitor staff passes per booth (a double booth gets twice as many).
    staff_passes_per_booth: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # Last days (local) to apply and to withdraw; none = until the day before the fair.
    applications_until = mapped_column(Date, nullable=True)
    withdraw_until = mapped_column(Date, nullable=True)
    # Share of what was paid that is refunded on withdrawal; none = the organisers decide case by case,
    # 0 = not refundable (a paid booking is then not withdrawn online).
    refund_pct: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bank_bin: Mapped[str] = mapped_column(String(6), default="970415")
    bank_account: Mapped[str] = mapped_column(String(19), default="")
    bank_account_name: Mapped[str] = mapped_column(String(100), default="")
    invoice_prefix: Mapped[str] = mapped_column(String(12), default="HC")
    # The organiser as printed on payment requests and receipts.
    organiser_name: Mapped[str] = mapped_column(String(200), default="")
    organiser_governing_body: Mapped[str] = mapped_column(String(200), default="")
    organiser_address: Mapped[str] = mapped_column(String(300), default="")
    organiser_tax_code: Mapped[str | None] = mapped_column(String(14))
    organiser_phone: Mapped[str] = mapped_column(String(20), default="")
    organiser_email: Mapped[str] = mapped_column(String(254), default="")
    organiser_representative: Mapped[str] = mapped_column(String(120), default="")
    # Per-fair sequences, bumped by an UPDATE … RETURNING (a row lock), so two
    # approvals at the same moment never get the same number.
    last_invoice_number: Mapped[int] = mapped_column(Integer, default=0)
    last_receipt_number: Mapped[int] = mapped_column(Integer, default=0)

    fair = relationship(Fair)
