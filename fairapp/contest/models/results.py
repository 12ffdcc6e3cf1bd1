"""Outcomes: entries advanced to a round, committee tie decisions, prizes and certificates."""
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.contest.models.entries import PRIZE_TIERS, ContestCategory, ContestEntry, ContestRound, _in
from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.models import User
from fairapp.extensions import db


class Advancement(db.Model):
    """An entry taken into a later round (the first round takes every eligible entry)."""

    __tablename__ = "advancements"
    __table_args__ = (UniqueConstraint("round_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("contest_rounds.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"), index=True)
    previous_rank: Mapped[int] = mapped_column(Integer)


class CommitteeDecision(db.Model):
    """The organising committee's order for entries the rubric could not separate."""

    __tablename__ = "committee_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("contest_rounds.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("contest_categories.id", ondelete="CASCADE"),
                                             index=True)
    # Entry ids of one tie, best first; a later decision about an entry overrides an earlier one.
    entry_order: Mapped[list] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    round = relationship(ContestRound)
    category = relationship(ContestCategory)


class PrizeAward(db.Model):
    __tablename__ = "prize_awards"
    __table_args__ = (CheckConstraint(_in("tier", PRIZE_TIERS), name="tier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("contest_categories.id", ondelete="CASCADE"),
                                             index=True)
    tier: Mapped[str] = mapped_column(String(16))
    awarded_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    entry = relationship(ContestEntry)
    category = relationship(ContestCategory)
    certificate = relationship("Certificate", back_populates="award", uselist=False)


class Certificate(db.Model):
    """A prize certificate; its random code is what the QR's verification link carries."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("prize_awards.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    recipient_name: Mapped[str] = mapped_column(String(200))
    issued_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    award = relationship(PrizeAward, back_populates="certificate")
    issued_by = relationship(User)
