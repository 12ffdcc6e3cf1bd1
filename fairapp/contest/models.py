"""The contest of a fair and its categories."""
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.core.db import UTCDateTime
from fairapp.core.models import Fair
from fairapp.extensions import db


class Contest(db.Model):
    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), unique=True)
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    submissions_open_at = mapped_column(UTCDateTime, nullable=False)
    submissions_close_at = mapped_column(UTCDateTime, nullable=False)

    fair = relationship(Fair)
    categories = relationship("ContestCategory", back_populates="contest",
                              order_by="ContestCategory.position")


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
