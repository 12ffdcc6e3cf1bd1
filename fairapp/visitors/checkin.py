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
from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from fairapp.core.db import utcnow
from fairapp.core.errors import DomainError
from fairapp.core.i18n import format_local_time, to_local
from fairapp.extensions import db
from fairapp.visitors import codes
from fairapp.visitors.models import Admission, Gate, Scan, Ticket, TicketType

MAX_CODE_CHARS = 512
CLOCK_SKEW = timedelta(minutes=5)
GATE_CACHE_SECONDS = 10


@dataclass(frozen=True)
class Scanner:
    """Who scans: a gate device (bearer token) or a signed-in user."""

    fair_id: int
    device_id: int | None = None
    user_id: int | None = None

    @property
    def nonce_prefix(self):
        return f"d{self.device_id}" if self.device_id else f"u{self.user_id}"


def _messages():
    return {
        "ok": _("Welcome!"),
        "exit": _("Goodbye, see you again."),
        "already_checked_in": _("Already checked in at %(time)s at %(gate)s."),
        "not_valid_today": _("This ticket is not valid today."),
        "revoked": _("This ticket has been revoked."),
        "invalid": _("Unknown or forged code."),
        "wrong_fair": _("This ticket is for another fair."),
    }


def _gate_id(fair_id, name):
    """The gate's id, cached for a few seconds: gates are set up once, scans come by the thousand."""
    name = (name or "").strip()
    cache = current_app.extensions.setdefault("fairapp.gates", {})
    hit = cache.get((fair_id, name))
    if hit is not None and hit[1] > time.monotonic():
        return hit[0]
    gate_id = db.session.scalar(select(Gate.id).where(Gate.fair_id == fair_id, Gate.name == name))
    if gate_id is None:
        raise DomainError(_("Unknown gate."), code="unknown_gate")
    cache[(fair_id, name)] = (gate_id, time.monotonic() + GATE_CACHE_SECONDS)
    return gate_id


def _moment(scanned_at):
    """Offline scanners send when they scanned; a time in the future is not believed."""
    now = utcnow()
    if scanned_at is None or scanned_at > now + CLOCK_SKEW:
        return now
    return scanned_at


def _insert_ignore(values):
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(Admission).values(**values).on_conflict_do_nothing(
        index_elements=["ticket_id", "slot"]).returning(Admission.id)
    return db.session.execute(statement).scalar()


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
        stored = db.session.scalar(select(Scan.answer).where(Scan.nonce == nonce_key))
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
    if nonce_key is None:
        db.session.execute(insert(Scan), row)
        return answer
    try:
        with db.session.begin_nested():
            db.session.execute(insert(Scan), row)
    except IntegrityError:
        # The same nonce arrived twice at once: the first one's answer stands.
        db.session.rollback()
        return db.session.scalar(select(Scan.answer).where(Scan.nonce == nonce_key))
    return answer


def _refusal(result, ticket_id=None, ticket=None, **extra):
    messages = _messages()
    return {"result": result, "message": messages[result] % extra if extra else messages[result],
            "ticket": ticket, "checked_in_at": None, **{k: v for k, v in extra.items() if k != "time"}}, ticket_id


def _decide(scanner, code, gate_id, gate_name, direction, moment, day, locale):
    try:
        claims = codes.verify(code)
    except codes.InvalidCode:
        return _refusal("invalid")
    if claims.fair_id != scanner.fair_id:
        return _refusal("wrong_fair")
    row = db.session.execute(select(Ticket, TicketType).join(TicketType, Ticket.type_id == TicketType.id)
                             .where(Ticket.id == claims.ticket_id, Ticket.fair_id == scanner.fair_id)).first()
    if row is None:
        return _refusal("invalid")
    ticket, ticket_type = row
    view = _ticket_view(ticket, ticket_type, locale)
    if ticket.status == "revoked" or claims.version != ticket.version % 256:
        return _refusal("revoked", ticket.id, view)
    if direction == "out":
        if ticket_type.entry_policy == "reentry":
            db.session.execute(update(Ticket).where(Ticket.id == ticket.id).values(exits=Ticket.exits + 1))
        return {"result": "ok", "message": _messages()["exit"], "ticket": view,
                "checked_in_at": moment.isoformat()}, ticket.id
    if day not in claims.days or day.isoformat() not in ticket.days or day.isoformat() not in ticket_type.valid_days:
        return _refusal("not_valid_today", ticket.id, view)
    slot = _slot(ticket_type.entry_policy, day, ticket.exits)
    admitted = _insert_ignore({"ticket_id": ticket.id, "slot": slot, "gate_id": gate_id, "admitted_at": moment})
    if admitted is None:
        first = db.session.execute(select(Admission.admitted_at, Gate.name)
                                   .outerjoin(Gate, Admission.gate_id == Gate.id)
                                   .where(Admission.ticket_id == ticket.id, Admission.slot == slot)).first()
        first_at = first.admitted_at if first else moment
        answer, _id = _refusal("already_checked_in", ticket.id, view, time=format_local_time(first_at),
                               gate=(first.name if first and first.name else "?"))
        answer["checked_in_at"] = first_at.isoformat()
        return answer, ticket.id
    return {"result": "ok", "message": _messages()["ok"], "ticket": view,
            "checked_in_at": moment.isoformat(), "gate": gate_name}, ticket.id


def today_count(gate_id, day: date) -> int:
    return db.session.scalar(select(func.count()).select_from(Scan).where(
        Scan.gate_id == gate_id, Scan.day == day, Scan.direction == "in", Scan.result == "ok"))

