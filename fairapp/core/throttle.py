"""Counting limits kept in the database, so every app host sees the same counts."""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column

from fairapp.core.db import UTCDateTime, begin_writes, sqlite_write_intent, utcnow
from fairapp.core.errors import DomainError
from fairapp.core.jobs import periodic_task
from fairapp.extensions import db


class ThrottleEvent(db.Model):
    __tablename__ = "throttle_events"
    __table_args__ = (Index("ix_throttle_events_bucket_key_at", "bucket", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(254))
    at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


def hit(bucket: str, key: str, limit: int, window: timedelta):
    """Count one event for (bucket, key); DomainError 429 once `limit` events fall in `window`."""
    now = utcnow()
    since = now - window
    count = db.session.scalar(select(func.count()).where(
        ThrottleEvent.bucket == bucket, ThrottleEvent.key == key, ThrottleEvent.at >= since))
    if count >= limit:
        raise DomainError(_("Too many attempts. Please wait a little and try again."), status=429,
                          code="throttled")
    begin_writes(db.session)  # the count was the read part; a reads_first request writes from here
    db.session.add(ThrottleEvent(bucket=bucket, key=key, at=now))


def prune(older_than: timedelta = timedelta(days=1)):
    """Forget counts past every window (throttle events and failed logins); run hourly by the worker."""
    from fairapp.core.models import LoginFailure

    cutoff = utcnow() - older_than
    db.session.execute(delete(ThrottleEvent).where(ThrottleEvent.at < cutoff))
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < cutoff))


@periodic_task("prune_throttle", minute="17")
def prune_hourly(app):
    with app.app_context():
        token = sqlite_write_intent.set(True)
        try:
            prune()
            db.session.commit()
        finally:
            sqlite_write_intent.reset(token)
            db.session.remove()
