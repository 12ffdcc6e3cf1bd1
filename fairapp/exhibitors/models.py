"""Halls and booths of a fair, the live claims on booths, and each fair's booking terms."""
from sqlalchemy import (
    JSON, BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Integer, LargeBinary, Numeric, String,
    Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.models import Fair, User
from fairapp.core.uploads import StoredImage
from fairapp.extensions import db

BOOTH_TYPES = ("standard", "corner", "double", "raw")
CLAIM_STATES = ("hold", "reserved", "confirmed")
SUPPORT_MODES = ("none", "rate", "fixed")
PROFILE_KINDS = ("business", "cooperative", "household", "individual")
CRAFTS = ("ceramics", "lacquer", "bamboo", "inlay", "embroidery", "bronze")
ARTISAN_TITLES = ("people", "meritorious", "hanoi")
APPLICATION_STATUSES = ("submitted", "approved", "confirmed", "waitlisted", "rejected", "withdrawn", "released")
# An exhibitor has at most one of these per fair (see ExhibitorApplication.open_fair_id).
OPEN_STATUSES = ("submitted", "approved", "confirmed", "waitlisted")
MAX_PHOTOS = 6


def _in(column, values):
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


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

    def is_live(self, now) -> bool:
        return self.state != "hold" or self.expires_at > now


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
    reminder_every_days: Mapped[int] = mapped_column(Integer, default=3)
    # Exhibitor staff passes per booth (a double booth gets twice as many).
    staff_passes_per_booth: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # Last days (local) to apply and to withdraw; none = until the day before the fair.
    applications_until = mapped_column(Date, nullable=True)
    withdraw_until = mapped_column(Date, nullable=True)
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



class ExhibitorProfile(db.Model):
    """Who exhibits: a business, cooperative, household or individual artisan."""

    __tablename__ = "exhibitor_profiles"
    __table_args__ = (
        CheckConstraint(_in("kind", PROFILE_KINDS), name="kind"),
        CheckConstraint(_in("craft", CRAFTS), name="craft"),
        CheckConstraint(f"artisan_title IS NULL OR ({_in('artisan_title', ARTISAN_TITLES)})",
                        name="artisan_title"),
        CheckConstraint("artisan_title IS NULL OR artisan_title_year IS NOT NULL", name="artisan_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(200))
    tax_code: Mapped[str | None] = mapped_column(String(14))
    representative: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(16))  # +84…
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(300))
    district: Mapped[str | None] = mapped_column(String(40))  # one of Hanoi's units, or none
    province: Mapped[str] = mapped_column(String(60))
    craft_village: Mapped[str | None] = mapped_column(String(120))
    craft: Mapped[str] = mapped_column(String(12))
    artisan_title: Mapped[str | None] = mapped_column(String(12))
    artisan_title_year: Mapped[int | None] = mapped_column(Integer)
    artisan_decision_no: Mapped[str | None] = mapped_column(String(60))
    # A rural industrial facility eligible for industrial-promotion (khuyến công) support.
    promotion_eligible: Mapped[bool] = mapped_column(Boolean, default=False)
    # Accent-free name, village, district and representative: what the directory search matches.
    search_key: Mapped[str] = mapped_column(String(600), index=True)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    user = relationship(User)
    photos = relationship("ExhibitorPhoto", back_populates="profile", order_by="ExhibitorPhoto.position",
                          cascade="all, delete-orphan", passive_deletes=True)


class ExhibitorPhoto(db.Model):
    __tablename__ = "exhibitor_photos"
    __table_args__ = (
        UniqueConstraint("profile_id", "position"),
        # Six slots: the database, not only the form, keeps a profile to six photos.
        CheckConstraint(f"position >= 0 AND position < {MAX_PHOTOS}", name="position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("exhibitor_profiles.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("stored_images.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str | None] = mapped_column(String(200))

    profile = relationship(ExhibitorProfile, back_populates="photos")
    image = relationship(StoredImage)


class ExhibitorApplication(db.Model):
    """An exhibitor's application for a booth at one fair, and where the organisers' review got to."""

    __tablename__ = "exhibitor_applications"
    __table_args__ = (
        CheckConstraint(_in("status", APPLICATION_STATUSES), name="status"),
        # open_fair_id is the fair while the application is open and NULL once it is
        # closed (rejected, withdrawn, released): one open application per exhibitor and fair.
        UniqueConstraint("user_id", "open_fair_id"),
        CheckConstraint(f"(open_fair_id = fair_id AND {_in('status', OPEN_STATUSES)})"
                        f" OR (open_fair_id IS NULL AND NOT {_in('status', OPEN_STATUSES)})", name="open_fair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    open_fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("exhibitor_profiles.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), index=True)
    # The booth reserved for (or booked by) this application; kept after it closes, as history.
    booth_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id", ondelete="SET NULL"), index=True)
    first_choice_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id", ondelete="SET NULL"))
    alternative_1_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id", ondelete="SET NULL"))
    alternative_2_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id", ondelete="SET NULL"))
    products: Mapped[str] = mapped_column(Text)
    needs_power: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_extra_table: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    decided_at = mapped_column(UTCDateTime, nullable=True)
    # Waitlist order: the earliest waitlisted application is offered the next freed booth.
    waitlisted_at = mapped_column(UTCDateTime, nullable=True)
    closed_at = mapped_column(UTCDateTime, nullable=True)

    fair = relationship(Fair, foreign_keys=[fair_id])
    user = relationship(User)
    profile = relationship(ExhibitorProfile)
    booth = relationship(Booth, foreign_keys=[booth_id])
    first_choice = relationship(Booth, foreign_keys=[first_choice_id])
    alternative_1 = relationship(Booth, foreign_keys=[alternative_1_id])
    alternative_2 = relationship(Booth, foreign_keys=[alternative_2_id])
    claim = relationship(BoothClaim, primaryjoin="BoothClaim.application_id == ExhibitorApplication.id",
                         foreign_keys="BoothClaim.application_id", uselist=False, viewonly=True)
    invoices = relationship("Invoice", back_populates="application", order_by="Invoice.id")

    def set_status(self, status, now=None):
        """Every status change goes through here, so open_fair_id always agrees with the status."""
        self.status = status
        self.open_fair_id = self.fair_id if status in OPEN_STATUSES else None
        if status not in OPEN_STATUSES:
            self.closed_at = now or utcnow()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def alternatives(self):
        return [b for b in (self.alternative_1, self.alternative_2) if b is not None]

    @property
    def open_invoice(self):
        return next((i for i in self.invoices if i.status == "open"), None)

    @property
    def paid_invoice(self):
        return next((i for i in self.invoices if i.status == "paid"), None)


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


class StaffPass(db.Model):
    """A named person of a confirmed exhibitor, holding an exhibitor-staff ticket.

    The pass takes a numbered slot; UNIQUE(application, slot) with slots only
    handed out up to the quota means two requests at once cannot both take the last one.
    """

    __tablename__ = "staff_passes"
    __table_args__ = (
        UniqueConstraint("application_id", "slot"),
        UniqueConstraint("ticket_id"),
        CheckConstraint("slot >= 1", name="slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("exhibitor_applications.id", ondelete="CASCADE"),
                                                index=True)
    slot: Mapped[int] = mapped_column(Integer)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    application = relationship(ExhibitorApplication)
    ticket = relationship("Ticket")
