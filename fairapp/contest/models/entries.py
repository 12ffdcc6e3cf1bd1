"""The contest of a fair: categories, rounds with their rubric, prize tiers, entries and photos."""
from decimal import Decimal

from sqlalchemy import (
    Boolean, CheckConstraint, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.i18n import localized
from fairapp.core.models import Fair, User
from fairapp.core.uploads import StoredImage
from fairapp.extensions import db

ROUND_STATUSES = ("draft", "open", "closed")
PRIZE_TIERS = ("first", "second", "third", "consolation")
ENTRY_STATUSES = ("submitted", "withdrawn")
ELIGIBILITY = ("pending", "eligible", "ineligible")
MAX_PHOTOS = 6


def _in(column, values):
    """A CHECK constraint's text: the column holds one of these values (used by every contest table)."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Contest(db.Model):
    __tablename__ = "contests"
    __table_args__ = (CheckConstraint("submissions_close_at > submissions_open_at", name="window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), unique=True)
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    submissions_open_at = mapped_column(UTCDateTime, nullable=False)
    submissions_close_at = mapped_column(UTCDateTime, nullable=False)
    # Entry codes TK-<year>-<n> count up from this; bumped by one UPDATE per entry,
    # which takes the row lock, so two submissions never get the same number.
    last_entry_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    signatory_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    results_published_at = mapped_column(UTCDateTime, nullable=True)

    fair = relationship(Fair)
    categories = relationship("ContestCategory", back_populates="contest",
                              order_by="ContestCategory.position")
    rounds = relationship("ContestRound", back_populates="contest", order_by="ContestRound.position")


class ContestCategory(db.Model):
    __tablename__ = "contest_categories"
    __table_args__ = (UniqueConstraint("contest_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    # Names are data the organiser types, in both languages.
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    contest = relationship(Contest, back_populates="categories")
    prize_tiers = relationship("PrizeTier", back_populates="category", order_by="PrizeTier.id")

    def label(self, locale):
        return localized(self, "name", locale)


class ContestRound(db.Model):
    """One judging round (online, final); its rubric's weights freeze when it opens."""

    __tablename__ = "contest_rounds"
    __table_args__ = (
        UniqueConstraint("contest_id", "position"),
        CheckConstraint(_in("status", ROUND_STATUSES), name="status"),
        CheckConstraint("jurors_per_entry BETWEEN 1 AND 20", name="jurors_per_entry"),
        CheckConstraint("quorum BETWEEN 1 AND 20", name="quorum"),
        CheckConstraint("normalisation_min_entries >= 2", name="normalisation_min_entries"),
        CheckConstraint("advance_percent BETWEEN 1 AND 100", name="advance_percent"),
        CheckConstraint("disagreement_points > 0", name="disagreement_points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="", server_default="")
    status: Mapped[str] = mapped_column(String(8), default="draft", server_default="draft")
    jurors_per_entry: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    advance_percent: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    # The ranking's settings (fairapp.contest.services.scoring.Settings): fewer submitted sheets than
    # `quorum` leaves an entry unranked; z-scores only when every juror scored enough entries.
    quorum: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    normalisation_min_entries: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    # A juror whose total is this far (0–10 scale) from the others' mean is flagged.
    disagreement_points = mapped_column(Numeric(3, 1), default=Decimal("4.0"), server_default="4.0",
                                        nullable=False)
    opened_at = mapped_column(UTCDateTime, nullable=True)
    closed_at = mapped_column(UTCDateTime, nullable=True)

    contest = relationship(Contest, back_populates="rounds")
    criteria = relationship("RubricCriterion", back_populates="round", order_by="RubricCriterion.position",
                            cascade="all, delete-orphan")

    def label(self, locale):
        return localized(self, "name", locale)


class RubricCriterion(db.Model):
    __tablename__ = "rubric_criteria"
    __table_args__ = (
        UniqueConstraint("round_id", "key"),
        CheckConstraint("weight BETWEEN 1 AND 100", name="weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("contest_rounds.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="", server_default="")
    weight: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Tie-breaker criteria (creativity + craftsmanship): their raw scores' sum decides first.
    tiebreak: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    round = relationship(ContestRound, back_populates="criteria")
    # Loaded with the criteria in one query: the scoring page shows every level of every criterion.
    levels = relationship("CriterionLevel", back_populates="criterion", order_by="CriterionLevel.level",
                          cascade="all, delete-orphan", lazy="selectin")

    def label(self, locale):
        return localized(self, "name", locale)


class CriterionLevel(db.Model):
    """What a score of 0…10 means for one criterion, shown to jurors while they score."""

    __tablename__ = "criterion_levels"
    __table_args__ = (
        UniqueConstraint("criterion_id", "level"),
        CheckConstraint("level BETWEEN 0 AND 10", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("rubric_criteria.id", ondelete="CASCADE"),
                                              index=True)
    level: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(300))
    description_en: Mapped[str] = mapped_column(String(300), default="", server_default="")

    criterion = relationship(RubricCriterion, back_populates="levels")

    def label(self, locale):
        return localized(self, "description", locale)


class PrizeTier(db.Model):
    __tablename__ = "prize_tiers"
    __table_args__ = (
        UniqueConstraint("category_id", "tier"),
        CheckConstraint(_in("tier", PRIZE_TIERS), name="tier"),
        CheckConstraint("count BETWEEN 0 AND 100", name="count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("contest_categories.id", ondelete="CASCADE"),
                                             index=True)
    tier: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer)

    category = relationship(ContestCategory, back_populates="prize_tiers")


class ContestEntry(db.Model):
    """One design submitted by an entrant; jurors know it only by its code."""

    __tablename__ = "contest_entries"
    __table_args__ = (
        UniqueConstraint("contest_id", "number"),
        CheckConstraint(_in("status", ENTRY_STATUSES), name="status"),
        CheckConstraint(_in("eligibility", ELIGIBILITY), name="eligibility"),
        CheckConstraint("declared_new AND declared_original AND declared_no_ip_infringement",
                        name="declarations"),
        CheckConstraint("number > 0", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("contest_categories.id", ondelete="RESTRICT"),
                                             index=True)
    entrant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    materials: Mapped[str] = mapped_column(String(500))
    techniques: Mapped[str] = mapped_column(String(500))
    dimensions: Mapped[str] = mapped_column(String(120))
    designers: Mapped[str] = mapped_column(String(300))
    maker_name: Mapped[str] = mapped_column(String(200))
    maker_business: Mapped[str] = mapped_column(String(200), default="", server_default="")
    maker_village: Mapped[str] = mapped_column(String(200), default="", server_default="")
    tax_code: Mapped[str | None] = mapped_column(String(14))
    contact_phone: Mapped[str | None] = mapped_column(String(16))
    declared_new: Mapped[bool] = mapped_column(Boolean)
    declared_original: Mapped[bool] = mapped_column(Boolean)
    declared_no_ip_infringement: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(10), default="submitted", server_default="submitted")
    eligibility: Mapped[str] = mapped_column(String(10), default="pending", server_default="pending")
    eligibility_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    screened_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    withdrawn_at = mapped_column(UTCDateTime, nullable=True)

    contest = relationship(Contest)
    category = relationship(ContestCategory)
    entrant = relationship(User)
    photos = relationship("EntryPhoto", back_populates="entry", order_by="EntryPhoto.position",
                          cascade="all, delete-orphan")


class EntryPhoto(db.Model):
    __tablename__ = "entry_photos"
    __table_args__ = (UniqueConstraint("entry_id", "image_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("stored_images.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    entry = relationship(ContestEntry, back_populates="photos")
    image = relationship(StoredImage)

    @property
    def token(self):
        return self.image.token

