"""Database plumbing: SQLite pragmas and write transactions, UTC timestamps."""
import sqlite3
from contextvars import ContextVar
from datetime import datetime, timezone

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

# A request that will write takes SQLite's write lock when its transaction
# starts (BEGIN IMMEDIATE). With a deferred BEGIN, two requests that both read
# first and then write deadlock, and SQLite answers "database is locked" at
# once, whatever the busy timeout.
sqlite_write_intent: ContextVar[bool] = ContextVar("sqlite_write_intent", default=False)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        if not isinstance(dbapi_conn, sqlite3.Connection):
            return
        # Let SQLAlchemy's "begin" event below issue BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if sqlite_write_intent.get() else "BEGIN")


def reads_first(view):
    """Mark a write view whose reads come before its writes (the check-in): on SQLite its
    transaction starts deferred and takes the write lock only in begin_writes()."""
    view.reads_first = True
    return view


def begin_writes(session) -> None:
    """End the read-only part of a reads_first request and start its write transaction.

    Holding SQLite's single write lock only for the inserts and the commit, not
    for the signature check and the look-ups before them, is what lets gates
    scan in parallel. No-op on PostgreSQL (row locks, no database-wide lock)
    and when the write lock is already held.
    """
    if sqlite_write_intent.get() or session.get_bind().dialect.name != "sqlite":
        return
    session.commit()
    sqlite_write_intent.set(True)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (SQLite has no time zones), hands back aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)
