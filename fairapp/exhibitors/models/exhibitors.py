"""Who exhibits (profiles and their photos), their applications for booths, and their staff passes."""
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.models import Fair, User
from fairapp.core.uploads import StoredImage
from fairapp.exhibitors.models.booths import Booth, BoothClaim
from fairapp.extensions import db

PROFILE_KINDS = ("business", "cooperative", "household", "individual")
CRAFTS = ("ceramics", "lacquer", "bamboo", "inlay", "embroidery", "bronze")
ARTISAN_TITLES = ("people", "meritorious", "hanoi")
APPLICATION_STATUSES = ("submitted", "approved", "confirmed", "waitlisted", "rejected", "withdrawn", "released")
# An exhibitor has at most one of these per fair (see ExhibitorApplication.open_fair_id).
OPEN_STATUSES = ("submitted", "approved", "confirmed", "waitlisted")
MAX_PHOTOS = 6


def _in(column, values):
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


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
    # What the exhibitor agreed to show on its public page (Law 91/2025: explicit consent, so
    # nothing unless ticked; the name, craft and village are public by taking part in the fair).
    publish_phone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    publish_email: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
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


class PendingPhoto(db.Model):
    """A photo checked and stored as soon as it was uploaded, waiting for its profile form to be saved:
    a form that fails keeps it. Attached on save; one left over for a day is deleted."""

    __tablename__ = "exhibitor_pending_photos"

    image_id: Mapped[int] = mapped_column(ForeignKey("stored_images.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

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
