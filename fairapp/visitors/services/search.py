"""Finding tickets for organisers: filters, accent-insensitive search, check-in facts, a ticket's scans."""
import re
from datetime import date

from sqlalchemy import String, cast, exists, func, or_, select
from sqlalchemy.orm import selectinload

from fairapp.core.i18n import search_key
from fairapp.core.models import User
from fairapp.core.validators import normalise_phone
from fairapp.extensions import db
from fairapp.visitors.models import Admission, Gate, GateDevice, Scan, Ticket, TicketType
from fairapp.visitors.services import codes

FILTERS = ("q", "type", "day", "checked_in", "printed", "status")


def _entered(day=None):
    """A successful entry scan of the ticket (on `day` when given)."""
    condition = exists().where(Scan.ticket_id == Ticket.id, Scan.direction == "in", Scan.result == "ok")
    return condition.where(Scan.day == day) if day else condition


def _search(text):
    text = text.strip()
    conditions = [Ticket.name_key.contains(search_key(text), autoescape=True),
                  Ticket.email.contains(text.lower(), autoescape=True),
                  Ticket.code == text.upper()]
    phone = normalise_phone(text)
    if phone:
        conditions.append(Ticket.phone == phone)
    short = codes.short_code_condition(text)  # XXXX-XXXX, read out from the ticket
    if short is not None:
        conditions.append(short)
    digits = re.sub(r"[\s.\-]", "", text)
    if digits.isdigit() and len(digits) >= 4:  # the last digits of a phone number are what people remember
        conditions.append(Ticket.phone.contains(digits.lstrip("0"), autoescape=True))
    return or_(*conditions)


def ticket_conditions(fair, filters=None):
    """WHERE conditions for the fair's tickets matching the filter dict (keys in FILTERS)."""
    filters = filters or {}
    conditions = [Ticket.fair_id == fair.id]
    if filters.get("q") and filters["q"].strip():
        conditions.append(_search(filters["q"]))
    if filters.get("type"):
        conditions.append(Ticket.type_id.in_(select(TicketType.id).where(
            TicketType.fair_id == fair.id, TicketType.code == filters["type"])))
    day = filters.get("day") or None
    if isinstance(day, str):
        day = date.fromisoformat(day)
    if day:
        # days is a JSON list of ISO dates; its text form holds each one as "yyyy-mm-dd".
        conditions.append(cast(Ticket.days, String).contains(f'"{day.isoformat()}"'))
    if filters.get("checked_in") in ("yes", "no"):
        entered = _entered(day)
        conditions.append(entered if filters["checked_in"] == "yes" else ~entered)
    if filters.get("printed") in ("yes", "no"):
        printed = Ticket.printed_at.is_not(None)
        conditions.append(printed if filters["printed"] == "yes" else ~printed)
    if filters.get("status") in ("valid", "revoked"):
        conditions.append(Ticket.status == filters["status"])
    return conditions


def ticket_query(fair, filters=None):
    """The matching tickets with their types, newest first (for the paginated list)."""
    return (select(Ticket).where(*ticket_conditions(fair, filters))
            .options(selectinload(Ticket.type)).order_by(Ticket.id.desc()))


def entries_by_ticket(ticket_ids):
    """{ticket id: (entries, first entry, last entry)} for the given tickets that came in."""
    if not ticket_ids:
        return {}
    rows = db.session.execute(
        select(Admission.ticket_id, func.count(), func.min(Admission.admitted_at), func.max(Admission.admitted_at))
        .where(Admission.ticket_id.in_(ticket_ids)).group_by(Admission.ticket_id))
    return {ticket_id: (count, first, last) for ticket_id, count, first, last in rows}


def scans_of(ticket):
    """Every scan of a ticket, oldest first, with the gate, device and person who scanned."""
    return db.session.execute(
        select(Scan, Gate.name, GateDevice.name, User.email)
        .outerjoin(Gate, Scan.gate_id == Gate.id).outerjoin(GateDevice, Scan.device_id == GateDevice.id)
        .outerjoin(User, Scan.user_id == User.id)
        .where(Scan.ticket_id == ticket.id).order_by(Scan.recorded_at, Scan.id)).all()
