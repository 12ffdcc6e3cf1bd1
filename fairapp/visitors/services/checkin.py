"""Gate check-in: verify the code, admit at most once per entry slot, store every scan.

"Never twice" is the unique key of `admissions` (ticket, slot): the insert
either creates the row or does nothing, so of eight gates scanning one ticket
at once exactly one is told "ok", on SQLite and PostgreSQL alike.
"""
import time
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from fairapp.core.db import begin_writes, utcnow
from fairapp.core.errors import DomainError
from fairapp.core.i18n import format_local_time, localized, to_local
from fairapp.extensions import db
from fairapp.visitors.models import Admission, Gate, Scan, Ticket, TicketType
from fairapp.visitors.services import codes

MAX_CODE_CHARS = 512
CLOCK_SKEW = timedelta(minutes=5)
CACHE_SECONDS = 10
# The hot path speaks SQLAlchemy Core to the tables: the ORM's unit of work is
# most of a scan's time otherwise.
TICKETS, TYPES, GATES = Ticket.__table__, TicketType.__table__, Gate.__table__
ADMISSIONS, SCANS = Admission.__table__, Scan.__table__
TICKET_BY_ID = select(TICKETS.c.id, TICKETS.c.type_id, TICKETS.c.name, TICKETS.c.organization, TICKETS.c.days,
                      TICKETS.c.status, TICKETS.c.version, TICKETS.c.exits).where(
    TICKETS.c.id == bindparam("ticket_id"), TICKETS.c.fair_id == bindparam("fair_id"))


@dataclass(frozen=True)
class Scanner:
    """Who scans: a gate device (bearer token) or a signed-in user."""

    fair_id: int
    device_id: int | None = None
    user_id: int | None = None

    @property
    def nonce_prefix(self):
        return f"d{self.device_id}" if self.device_id else f"u{self.user_id}"


# Lazy: a scan translates only the one message it answers with.
MESSAGES = {
    "ok": _l("Welcome!"),
    "exit": _l("Goodbye, see you again."),
    "already_checked_in": _l("Already checked in at %(time)s at %(gate)s."),
    "not_valid_today": _l("This ticket is not valid today."),
    "revoked": _l("This ticket has been revoked."),
    "invalid": _l("Unknown or forged code."),
    "wrong_fair": _l("This ticket is for another fair."),
}


def _cached(kind, key, load):
    """A few seconds of per-app caching for gates and ticket types: set up once, read per scan."""
    cache = current_app.extensions.setdefault(f"fairapp.{kind}", {})
    hit = cache.get(key)
    if hit is not None and hit[1] > time.monotonic():
        return hit[0]
    value = load()
    if value is not None:
        cache[key] = (value, time.monotonic() + CACHE_SECONDS)
    return value


def _gate_id(fair_id, name):
    name = (name or "").strip()
    gate_id = _cached("gates", (fair_id, name), lambda: db.session.connection().execute(
        select(GATES.c.id).where(GATES.c.fair_id == fair_id, GATES.c.name == name)).scalar())
    if gate_id is None:
        raise DomainError(_("Unknown gate."), code="unknown_gate")
    return gate_id


def _ticket_type(type_id):
    return _cached("ticket_types", type_id, lambda: db.session.connection().execute(
        select(TYPES).where(TYPES.c.id == type_id)).first())


def _moment(scanned_at):
    """Offline scanners send when they scanned; a time in the future is not believed."""
    now = utcnow()
    if scanned_at is None or scanned_at > now + CLOCK_SKEW:
        return now
    return scanned_at


def _admit(values):
    """The admission row's id, or None if this slot was already taken (by anyone, ever)."""
    connection = db.session.connection()
    dialect_insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(ADMISSIONS).on_conflict_do_nothing(
        index_elements=["ticket_id", "slot"]).returning(ADMISSIONS.c.id)
    return connection.execute(statement, values).scalar()


def _slot(policy, day, exits):
    if policy == "once":
        return "fair"
    if policy == "reentry":
        return f"r{exits}"
    return day.isoformat()


def _ticket_view(ticket, ticket_type, locale):
    return {"name": ticket.name, "organization": ticket.organization,
            "type": ticket_type.name if locale == "vi" else ticket_type.name_en,
            "type_code": ticket_type.code, "color": ticket_type.badge_color,
            "days": [date.fromisoformat(d).strftime("%d/%m") for d in ticket.days]}


def check_in(scanner, *, code, gate_name, direction, nonce=None, scanned_at=None, locale="vi"):
    """Decide on one scan and store it. Returns the answer dict (JSON for the gate)."""
    if direction not in ("in", "out"):
        raise DomainError(_("Direction must be in or out."), code="bad_direction")
    if not isinstance(code, str) or not code.strip():
        raise DomainError(_("No code was scanned."), code="no_code")
    if len(code) > MAX_CODE_CHARS:
        raise DomainError(_("This is not a ticket code (too long)."), code="code_too_long", status=413)
    nonce_key = f"{scanner.nonce_prefix}:{nonce}"[:120] if nonce else None
    if nonce_key:
        stored = db.session.connection().execute(select(SCANS.c.answer).where(SCANS.c.nonce == nonce_key)).scalar()
        if stored is not None:
            return stored
    gate_id = _gate_id(scanner.fair_id, gate_name)
    moment = _moment(scanned_at)
    day = to_local(moment).date()
    answer, ticket_id = _decide(scanner, code.strip(), gate_id, gate_name.strip(), direction, moment, day, locale)
    row = {"fair_id": scanner.fair_id, "ticket_id": ticket_id, "gate_id": gate_id, "device_id": scanner.device_id,
           "user_id": scanner.user_id, "direction": direction, "result": answer["result"], "nonce": nonce_key,
           "code_excerpt": code.strip()[:64], "day": day, "scanned_at": scanned_at, "recorded_at": utcnow(),
           "answer": answer}
    begin_writes(db.session)
    if nonce_key is None:
        db.session.connection().execute(insert(SCANS), row)
        return answer
    try:
        with db.session.begin_nested():
            db.session.connection().execute(insert(SCANS), row)
    except IntegrityError:
        # The same nonce arrived twice at once: the first one's answer stands.
        db.session.rollback()
        return db.session.scalar(select(Scan.answer).where(Scan.nonce == nonce_key))
    return answer


def _refusal(result, ticket_id=None, ticket=None, **extra):
    message = str(MESSAGES[result])
    return {"result": result, "message": message % extra if extra else message,
            "ticket": ticket, "checked_in_at": None, **{k: v for k, v in extra.items() if k != "time"}}, ticket_id


def _decide(scanner, code, gate_id, gate_name, direction, moment, day, locale):
    try:
        claims = codes.verify(code)
    except codes.InvalidCode:
        return _refusal("invalid")
    if claims.fair_id != scanner.fair_id:
        return _refusal("wrong_fair")
    connection = db.session.connection()
    ticket = connection.execute(TICKET_BY_ID, {"ticket_id": claims.ticket_id, "fair_id": scanner.fair_id}).first()
    if ticket is None:
        return _refusal("invalid")
    ticket_type = _ticket_type(ticket.type_id)
    view = _ticket_view(ticket, ticket_type, locale)
    if ticket.status == "revoked" or claims.version != ticket.version % 256:
        return _refusal("revoked", ticket.id, view)
    if direction == "out":
        if ticket_type.entry_policy == "reentry":
            begin_writes(db.session)
            db.session.connection().execute(update(TICKETS).where(TICKETS.c.id == ticket.id).values(exits=TICKETS.c.exits + 1))
        return {"result": "ok", "message": str(MESSAGES["exit"]), "ticket": view,
                "checked_in_at": moment.isoformat()}, ticket.id
    if day not in claims.days or day.isoformat() not in ticket.days or day.isoformat() not in ticket_type.valid_days:
        return _refusal("not_valid_today", ticket.id, view)
    slot = _slot(ticket_type.entry_policy, day, ticket.exits)
    begin_writes(db.session)
    admitted = _admit({"ticket_id": ticket.id, "slot": slot, "gate_id": gate_id, "admitted_at": moment})
    if admitted is None:
        first = db.session.connection().execute(select(ADMISSIONS.c.admitted_at, GATES.c.name, GATES.c.name_en)
                                   .outerjoin(GATES, ADMISSIONS.c.gate_id == GATES.c.id)
                                   .where(ADMISSIONS.c.ticket_id == ticket.id, ADMISSIONS.c.slot == slot)).first()
        first_at = first.admitted_at if first else moment
        answer, _id = _refusal("already_checked_in", ticket.id, view, time=format_local_time(first_at),
                               gate=(localized(dict(first._mapping), locale=locale) if first and first.name else "?"))
        answer["checked_in_at"] = first_at.isoformat()
        return answer, ticket.id
    return {"result": "ok", "message": str(MESSAGES["ok"]), "ticket": view,
            "checked_in_at": moment.isoformat(), "gate": gate_name}, ticket.id


def today_count(gate_id, day: date) -> int:
    return db.session.scalar(select(func.count()).select_from(Scan).where(
        Scan.gate_id == gate_id, Scan.day == day, Scan.direction == "in", Scan.result == "ok"))

