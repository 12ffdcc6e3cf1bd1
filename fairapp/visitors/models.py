"""Ticket types, gates, tickets, signing keys, gate devices and the scan log."""
from datetime import date

from sqlalchemy import (
    JSON, BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.core.db import UTCDateTime, utcnow
from fairapp.core.models import Fair
from fairapp.extensions import db

ENTRY_POLICIES = ("once_per_day", "once", "reentry")
SCAN_RESULTS = ("ok", "already_checked_in", "not_valid_today", "revoked", "invalid", "wrong_fair")


class TicketType(db.Model):
    __tablename__ = "ticket_types"
    __table_args__ = (
        UniqueConstraint("fair_id", "code"),
        CheckConstraint("entry_policy IN ('once_per_day', 'once', 'reentry')", name="entry_policy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))  # visitor, trade, vip, press, exhibitor, juror, staff
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    # ISO dates (yyyy-mm-dd) of the fair days this type admits.
    valid_days: Mapped[list] = mapped_column(JSON)
    entry_policy: Mapped[str] = mapped_column(String(16), default="once_per_day")
    badge_color: Mapped[str] = mapped_column(String(7), default="#0d6efd")
    is_free: Mapped[bool] = mapped_column(default=True)
    # Offered on the public registration form (trade/VIP/press come by import or invitation).
    public: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    fair = relationship(Fair)


class Gate(db.Model):
    __tablename__ = "gates"
    __table_args__ = (UniqueConstraint("fair_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60), default="", server_default="")


class SigningKey(db.Model):
    """A fair's Ed25519 key; the private half is encrypted with the app's SECRET_KEY."""

    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_key_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(default=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class Ticket(db.Model):
    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint("status IN ('valid', 'revoked')", name="status"),
        # One ticket per e-mail and fair: registering twice re-sends the first.
        Index("uq_tickets_fair_email", "fair_id", "email", unique=True,
              sqlite_where=text("email IS NOT NULL"), postgresql_where=text("email IS NOT NULL")),
        Index("ix_tickets_fair_name_key", "fair_id", "name_key"),
        Index("ix_tickets_fair_phone", "fair_id", "phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    type_id: Mapped[int] = mapped_column(ForeignKey("ticket_types.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(16))
    organization: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(2), default="vi")
    days: Mapped[list] = mapped_column(JSON)  # ISO dates this ticket admits
    source: Mapped[str] = mapped_column(String(16), default="online")
    status: Mapped[str] = mapped_column(String(8), default="valid")
    revoked_reason: Mapped[str | None] = mapped_column(String(200))
    # Bumped on every reissue: codes carry it, so an older code is refused as revoked.
    version: Mapped[int] = mapped_column(Integer, default=1)
    code: Mapped[str | None] = mapped_column(String(160), unique=True)
    private_token: Mapped[str] = mapped_column(String(32), unique=True)
    # Re-entry bookkeeping: each exit opens the next entry slot.
    exits: Mapped[int] = mapped_column(Integer, default=0)
    printed_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    type = relationship(TicketType)
    fair = relationship(Fair)


class Admission(db.Model):
    """One row per admitted entry slot; the unique key makes 'never twice' a database fact.

    slot = the local day (once per day), 'fair' (once for the whole fair), or
    'r<exits>' (re-entry: a new slot opens only after an exit).
    """

    __tablename__ = "admissions"
    __table_args__ = (UniqueConstraint("ticket_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(16))
    gate_id: Mapped[int | None] = mapped_column(ForeignKey("gates.id", ondelete="SET NULL"))
    admitted_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class GateDevice(db.Model):
    """A scanner's bearer token (stored as a SHA-256 hash), bound to one fair and gate."""

    __tablename__ = "gate_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    gate_id: Mapped[int | None] = mapped_column(ForeignKey("gates.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    revoked_at = mapped_column(UTCDateTime, nullable=True)

    gate = relationship(Gate)


class Scan(db.Model):
    """Every scan, refused ones too; a retried nonce returns the stored answer."""

    __tablename__ = "scans"
    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out')", name="direction"),
        CheckConstraint(
            "result IN ('ok', 'already_checked_in', 'not_valid_today', 'revoked', 'invalid', 'wrong_fair')",
            name="result"),
        Index("ix_scans_fair_day", "fair_id", "day"),
        Index("ix_scans_ticket", "ticket_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    gate_id: Mapped[int | None] = mapped_column(ForeignKey("gates.id", ondelete="SET NULL"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("gate_devices.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    direction: Mapped[str] = mapped_column(String(3))
    result: Mapped[str] = mapped_column(String(20))
    # "<scanner>:<client nonce>", so two devices' nonces never collide.
    nonce: Mapped[str | None] = mapped_column(String(120), unique=True)
    code_excerpt: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    scanned_at = mapped_column(UTCDateTime, nullable=True)
    recorded_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    answer: Mapped[dict] = mapped_column(JSON)
