"""Halls and booths of a fair."""
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.core.models import Fair
from fairapp.extensions import db

BOOTH_TYPES = ("standard", "corner", "double", "raw")


class Hall(db.Model):
    __tablename__ = "halls"
    __table_args__ = (UniqueConstraint("fair_id", "code"),)

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
    # Position on the hall plan, in metres from the hall's top-left corner.
    x_m = mapped_column(Numeric(7, 2), nullable=False)
    y_m = mapped_column(Numeric(7, 2), nullable=False)
    blocked: Mapped[bool] = mapped_column(default=False)
    block_reason: Mapped[str | None] = mapped_column(String(200))

    fair = relationship(Fair)
    hall = relationship(Hall, back_populates="booths")
