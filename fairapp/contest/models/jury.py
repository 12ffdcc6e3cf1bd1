"""Jurors: profiles, declared ties, category panels, conflicts, assignments and score sheets."""
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.contest.models.entries import ContestCategory, ContestEntry, ContestRound, RubricCriterion, _in
from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.models import User
from fairapp.extensions import db

CONFLICT_KINDS = ("same_business", "family", "teacher_apprentice", "commercial", "other")
CONFLICT_SOURCES = ("declared", "detected", "recusal")
ASSIGNMENT_STATUSES = ("active", "recused", "removed")
SHEET_STATUSES = ("draft", "submitted", "abstained")


class JurorProfile(db.Model):
    """What a juror's own ties are matched against: business, tax code, phone."""

    __tablename__ = "juror_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    business_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    tax_code: Mapped[str | None] = mapped_column(String(14))
    phone: Mapped[str | None] = mapped_column(String(16))
    expertise: Mapped[str] = mapped_column(String(300), default="", server_default="")

    user = relationship(User)


class JurorTie(db.Model):
    """A person or business a juror declares a tie with; entries by them are kept from the juror."""

    __tablename__ = "juror_ties"
    __table_args__ = (CheckConstraint(_in("kind", CONFLICT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    party_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    party_business: Mapped[str] = mapped_column(String(200), default="", server_default="")
    party_tax_code: Mapped[str | None] = mapped_column(String(14))
    party_phone: Mapped[str | None] = mapped_column(String(16))
    party_email: Mapped[str | None] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class PanelMember(db.Model):
    __tablename__ = "panel_members"
    __table_args__ = (UniqueConstraint("category_id", "juror_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("contest_categories.id", ondelete="CASCADE"),
                                             index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    category = relationship(ContestCategory)
    juror = relationship(User)


class Conflict(db.Model):
    """Juror × entry pairs that must never meet: declared, detected or a recusal."""

    __tablename__ = "conflicts"
    __table_args__ = (
        UniqueConstraint("juror_id", "entry_id"),
        CheckConstraint(_in("kind", CONFLICT_KINDS), name="kind"),
        CheckConstraint(_in("source", CONFLICT_SOURCES), name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    juror = relationship(User)
    entry = relationship(ContestEntry)


class JuryAssignment(db.Model):
    __tablename__ = "jury_assignments"
    __table_args__ = (
        UniqueConstraint("round_id", "entry_id", "juror_id"),
        CheckConstraint(_in("status", ASSIGNMENT_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("contest_rounds.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="active", server_default="active")
    manual: Mapped[bool] = mapped_column(default=False, server_default="0")
    reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    round = relationship(ContestRound)
    entry = relationship(ContestEntry)
    juror = relationship(User)


class ScoreSheet(db.Model):
    """One juror's verdict on one entry in one round; its row lock serialises writes to it."""

    __tablename__ = "score_sheets"
    __table_args__ = (
        UniqueConstraint("round_id", "entry_id", "juror_id"),
        CheckConstraint(_in("status", SHEET_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("contest_rounds.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    abstain_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    submitted_at = mapped_column(UTCDateTime, nullable=True)
    updated_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    scores = relationship("JuryScore", back_populates="sheet", cascade="all, delete-orphan")


class JuryScore(db.Model):
    __tablename__ = "jury_scores"
    __table_args__ = (
        UniqueConstraint("juror_id", "entry_id", "criterion_id"),
        CheckConstraint("score BETWEEN 0 AND 10", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("rubric_criteria.id", ondelete="CASCADE"),
                                              index=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")

    sheet = relationship(ScoreSheet, back_populates="scores")
    criterion = relationship(RubricCriterion)
