"""Database plumbing: SQLite pragmas and write transactions, UTC timestamps."""
import fcntl
import os
import sqlite3
import time
from contextvars import ContextVar
from datetime import datetime, timezone

from sqlalchemy import DateTime, event, literal
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Float, TypeDecorator

# A request that will write takes SQLite's write lock when its transaction
# starts (BEGIN IMMEDIATE). With a deferred BEGIN, two requests that both read
# first and then write deadlock, and SQLite answers "database is locked" at
# once, whatever the busy timeout.
sqlite_write_intent: ContextVar[bool] = ContextVar("sqlite_write_intent", default=False)


class WriterGate:
    """Writers of one SQLite file queue on an flock before BEGIN IMMEDIATE.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries,
    so under load a waiting writer oversleeps a lock held for a millisecond and
    throughput collapses (gunicorn's worker processes all write). The gate
    retries every fraction of a millisecond instead; SQLite's lock still
    guards correctness, the gate only makes the wait short.
    """

    def __init__(self, database_path, timeout_s):
        self.path = database_path + ".writers"
        self.timeout_s = timeout_s

    def open(self, info):
        info["writer_gate"] = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self, info):
        fd = info["writer_gate"]
        deadline = time.monotonic() + self.timeout_s
        delay = 0.0002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                info["writer_gate_held"] = True
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise sqlite3.OperationalError("database is locked (waited for the other writers)") from None
                time.sleep(delay)
                delay = min(delay * 1.5, 0.002)

    @staticmethod
    def release(info):
        if info.pop("writer_gate_held", False):
            fcntl.flock(info["writer_gate"], fcntl.LOCK_UN)

    @staticmethod
    def close(info):
        fd = info.pop("writer_gate", None)
        if fd is not None:
            os.close(fd)  # closing the descriptor also drops a lock still held


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    database = engine.url.database
    gate = WriterGate(database, busy_timeout_ms / 1000) if database and database != ":memory:" else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, record):
        if not isinstance(dbapi_conn, sqlite3.Connection):
            return
        if gate is not None:
            gate.open(record.info)
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
        if sqlite_write_intent.get():
            if gate is not None:
                gate.acquire(conn.info)
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except Exception:
                WriterGate.release(conn.info)
                raise
        else:
            conn.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(conn):
        WriterGate.release(conn.info)

    @event.listens_for(engine.pool, "reset")
    def _on_reset(_dbapi_conn, record, _state=None):
        WriterGate.release(record.info)

    @event.listens_for(engine.pool, "close")
    def _on_close(_dbapi_conn, record):
        WriterGate.close(record.info)


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
        # A value written by hand into SQLite may carry its own offset ("…+07:00"): honour it.
        return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


class _Moment(FunctionElement):
    type = Float()
    inherit_cache = True


@compiles(_Moment)
def _moment_as_is(element, compiler, **kw):
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(_Moment, "sqlite")
def _moment_sqlite(element, compiler, **kw):
    return f"julianday({compiler.process(element.clauses.clauses[0], **kw)})"


def moment(value):
    """A UTCDateTime column or an aware datetime, as the database compares moments in time.

    SQLite keeps times as text and compares text: a row written by hand or by another tool
    ("2026-05-01T02:59:00", "…+07:00") would compare wrongly with the app's own
    "2026-05-01 03:11:00.000000". julianday() reads every ISO form (to the millisecond); other
    databases have real timestamps and compare the column itself. For time-window checks that
    decide what a person sees (holds, offers); not for indexed range scans.
    """
    if not hasattr(value, "__clause_element__") and not hasattr(value, "compile"):
        value = literal(value, UTCDateTime())
    return _Moment(value)
