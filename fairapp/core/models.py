"""Tables every blueprint stands on: users, fairs, audit log, mail outbox, jobs, login failures."""
from datetime import date, time

from flask_login import UserMixin
from sqlalchemy import (
    JSON, CheckConstraint, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fairapp.core.db import UTCDateTime, utcnow
from fairapp.extensions import db

ROLES = ("organizer", "exhibitor", "juror", "gate")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('organizer', 'exhibitor', 'juror', 'gate')", name="role"),
        CheckConstraint("locale IN ('vi', 'en')", name="locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), index=True)  # accent-insensitive search
    phone: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(2), default="vi")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    email_confirmed_at = mapped_column(UTCDateTime, nullable=True)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_login_at = mapped_column(UTCDateTime, nullable=True)

    @property
    def is_active(self):
        return self.is_active_account

    def __repr__(self):
        return f"<User {self.email} {self.role}>"


class Fair(db.Model):
    """One edition of the gift fair; booths, contest and tickets hang off it."""

    __tablename__ = "fairs"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200))
    # English twins of what organisers type; empty = show the Vietnamese (core.i18n.localized).
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    venue_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[time] = mapped_column(Time, default=time(8, 0))
    closes_at: Mapped[time] = mapped_column(Time, default=time(21, 0))


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_label: Mapped[str] = mapped_column(String(254))  # kept if the user row goes
    ip: Mapped[str | None] = mapped_column(String(45))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship(User)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    sent_at = mapped_column(UTCDateTime, nullable=True)

    attachments = relationship(
        "OutboxAttachment", cascade="all, delete-orphan", order_by="OutboxAttachment.id"
    )


class OutboxAttachment(db.Model):
    __tablename__ = "outbox_attachments"
    __table_args__ = (
        CheckConstraint("data IS NOT NULL OR renderer IS NOT NULL", name="data_or_renderer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    # Inline parts (a QR shown in the HTML body) carry a Content-ID.
    content_id: Mapped[str | None] = mapped_column(String(100))
    # Either the bytes, or a renderer that makes them when the mail is sent:
    # a ticket PDF is drawn by the mail worker, not in the visitor's request.
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    renderer: Mapped[str | None] = mapped_column(String(64))
    renderer_arg: Mapped[str | None] = mapped_column(String(64))


class Job(db.Model):
    """Progress and result of a background job, read by the progress page."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    result_name: Mapped[str | None] = mapped_column(String(255))
    result_type: Mapped[str | None] = mapped_column(String(100))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    finished_at = mapped_column(UTCDateTime, nullable=True)


class JobResultChunk(db.Model):
    """A job's result file in 1 MiB pieces: in the database, so any web host can serve what any
    worker made, and in pieces, so neither writing nor serving 10,000 badges holds the whole file."""

    __tablename__ = "job_result_chunks"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class LoginFailure(db.Model):
    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_at", "email", "at"),
        Index("ix_login_failures_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(45))
    at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
